;;; asyncradar.el --- Blocking calls in Python async code, through eglot  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1") (eglot "1.9"))
;; Keywords: languages, tools, python

;; This file is not part of GNU Emacs.

;;; Commentary:

;; Runs the asyncradar language server (`asyncradar server') through eglot
;; for `python-mode', `python-ts-mode' and `python-base-mode' buffers, so
;; flymake shows the blocking calls (time.sleep, requests.get, open, ...)
;; made inside `async def' functions, with quick fixes (`eglot-code-actions').
;;
;; Install with M-x package-install-file RET asyncradar.el, then:
;;
;;   (require 'asyncradar)
;;   (setq asyncradar-program "~/.local/bin/asyncradar")   ; if not on PATH
;;   (setq asyncradar-settings '(:ignore ["ASYNC240"]))
;;   (add-hook 'python-mode-hook #'eglot-ensure)
;;
;; Settings go to the server as initializationOptions and as the answer to
;; its workspace/configuration requests, unless the project's
;; `eglot-workspace-configuration' has its own `:asyncradar' section.
;;
;; eglot runs one server per buffer: while asyncradar is registered, it
;; takes Python buffers from pylsp/pyright.  `asyncradar-unregister' undoes
;; the registration.

;;; Code:

(require 'cl-lib)
(require 'eglot)

(defgroup asyncradar nil
  "Blocking calls in Python async code, through eglot."
  :group 'tools
  :prefix "asyncradar-")

(defcustom asyncradar-program "asyncradar"
  "The asyncradar binary: a name looked up on variable `exec-path' or a file name."
  :type 'string)

(defcustom asyncradar-settings nil
  "Settings for the server, as a plist that eglot turns into JSON.
Keys: :select and :ignore (vectors of rule codes or prefixes),
:severity, :extraBlockingCalls (a vector of dotted names), :fixAll and
:logLevel, e.g. (:ignore [\"ASYNC240\"] :logLevel \"info\")."
  :type '(plist :key-type symbol :value-type sexp))

(defconst asyncradar-fix-all-kind "source.fixAll.asyncradar"
  "The code action kind of the server's fix-everything action.")

(defun asyncradar--modes ()
  "The Python major modes of this Emacs, each sending the language id python."
  (mapcar (lambda (mode) (list mode :language-id "python"))
          (cl-remove-if-not #'fboundp '(python-mode python-ts-mode python-base-mode))))

(defun asyncradar--initialization-options (_server)
  "The initializationOptions: the settings under `settings'."
  (list :settings (or asyncradar-settings eglot--{})))

(defclass asyncradar-eglot-server (eglot-lsp-server) ()
  :documentation "The asyncradar language server, as eglot drives it.")

(defun asyncradar--contact (_interactive)
  "Return the eglot contact for asyncradar, computed at each server start."
  (let ((program (if (string-match-p "/" asyncradar-program)
                     (let ((file (expand-file-name asyncradar-program)))
                       (and (file-executable-p file) (not (file-directory-p file)) file))
                   (executable-find asyncradar-program))))
    (unless program
      (user-error "asyncradar: `%s' not found; install it or set `asyncradar-program'"
                  asyncradar-program))
    (list 'asyncradar-eglot-server program "server"
          :initializationOptions #'asyncradar--initialization-options)))

;; The server asks for its `asyncradar' section after starting and after
;; every workspace/didChangeConfiguration, and takes the answer over the
;; initializationOptions.  eglot answers from `eglot-workspace-configuration',
;; null when the project sets no such section: then `asyncradar-settings'
;; is the answer.
(cl-defmethod eglot-handle-request
  ((_server asyncradar-eglot-server) (_method (eql workspace/configuration)) &key items)
  "Answer workspace/configuration ITEMS, `asyncradar-settings' by default."
  (let ((answers (cl-call-next-method)))
    (apply #'vector
           (cl-loop for item across items
                    for answer across answers
                    collect (if (and (null answer)
                                     (equal (plist-get item :section) "asyncradar"))
                                (or asyncradar-settings eglot--{})
                              answer)))))

;;;###autoload
(defun asyncradar-register ()
  "Make eglot run asyncradar for Python buffers."
  (interactive)
  (asyncradar-unregister)
  (add-to-list 'eglot-server-programs (cons (asyncradar--modes) #'asyncradar--contact)))

(defun asyncradar-unregister ()
  "Give Python buffers back to eglot's other servers."
  (interactive)
  (setq eglot-server-programs
        (cl-remove #'asyncradar--contact eglot-server-programs :key #'cdr)))

;;;###autoload
(defun asyncradar-fix-all ()
  "Fix every blocking call in this buffer that has a safe fix."
  (interactive)
  (eglot-code-actions (point-min) (point-max) asyncradar-fix-all-kind t))

(asyncradar-register)

(provide 'asyncradar)
;;; asyncradar.el ends here

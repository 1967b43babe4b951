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
;; Settings go to the server as initializationOptions and, unless the
;; project's `eglot-workspace-configuration' has its own `:asyncradar'
;; section, as workspace/didChangeConfiguration right after connecting.
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
  "The asyncradar binary: a name looked up on `exec-path' or a file name."
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

(defun asyncradar--contact (_interactive)
  "The eglot contact for asyncradar, read when a server starts."
  (let ((program (executable-find (expand-file-name asyncradar-program))))
    (unless program
      (setq program (executable-find asyncradar-program)))
    (unless program
      (user-error "asyncradar: `%s' not found; install it or set `asyncradar-program'"
                  asyncradar-program))
    (list program "server" :initializationOptions #'asyncradar--initialization-options)))

(defun asyncradar--ours-p (server)
  "Non-nil when SERVER is an asyncradar server."
  (equal (plist-get (eglot--server-info server) :name) "asyncradar"))

(defun asyncradar--send-settings (server)
  "Send `asyncradar-settings' to SERVER after eglot's own configuration.
eglot announces `eglot-workspace-configuration' on connecting, an empty
object when it is unset, which would replace the settings sent at
initialize; a project's own `:asyncradar' section is left alone."
  (when (and (asyncradar--ours-p server)
             (not (plist-member (eglot--workspace-configuration-plist server) :asyncradar)))
    (jsonrpc-notify server :workspace/didChangeConfiguration
                    (list :settings (list :asyncradar (or asyncradar-settings eglot--{}))))))

;;;###autoload
(defun asyncradar-register ()
  "Make eglot run asyncradar for Python buffers."
  (interactive)
  (asyncradar-unregister)
  (add-to-list 'eglot-server-programs (cons (asyncradar--modes) #'asyncradar--contact))
  (add-hook 'eglot-connect-hook #'asyncradar--send-settings 90))

(defun asyncradar-unregister ()
  "Give Python buffers back to eglot's other servers."
  (interactive)
  (setq eglot-server-programs
        (cl-remove #'asyncradar--contact eglot-server-programs :key #'cdr))
  (remove-hook 'eglot-connect-hook #'asyncradar--send-settings))

;;;###autoload
(defun asyncradar-fix-all ()
  "Fix every blocking call in this buffer that has a safe fix."
  (interactive)
  (eglot-code-actions (point-min) (point-max) asyncradar-fix-all-kind t))

(asyncradar-register)

(provide 'asyncradar)
;;; asyncradar.el ends here

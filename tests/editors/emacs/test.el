;;; test.el --- end-to-end test of editors/emacs/asyncradar.el  -*- lexical-binding: t; -*-

;; Run by test_emacs.sh as `emacs --batch -l test.el' with ASYNCRADAR_BIN,
;; ASYNCRADAR_EL (asyncradar.el), ASYNCRADAR_FILE (the Python file) and
;; ASYNCRADAR_PACKAGES (a scratch package-user-dir) in the environment.

(require 'cl-lib)
(require 'package)

(defvar test-t0 (float-time))
(defvar test-timeout (string-to-number (or (getenv "ASYNCRADAR_WAIT_S") "20")))

(defun test-log (fmt &rest args)
  (princ (format "[emacs %.1fs] %s\n" (- (float-time) test-t0) (apply #'format fmt args))))

(defun test-check (ok fmt &rest args)
  (let ((msg (apply #'format fmt args)))
    (unless ok (error "%s" msg))
    (test-log "ok: %s" msg)))

(defun test-file-string (file)
  (with-temp-buffer
    (insert-file-contents-literally file)
    (buffer-string)))

(defun test-diags ()
  "asyncradar's flymake diagnostics in this buffer, in buffer order."
  (sort (cl-remove-if-not (lambda (d) (memq (flymake-diagnostic-type d) '(eglot-warning eglot-error eglot-note)))
                          (flymake-diagnostics))
        (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))

(defun test-describe (diags)
  (mapconcat (lambda (d)
               (save-excursion
                 (goto-char (flymake-diagnostic-beg d))
                 (format "%d:%d %s" (line-number-at-pos) (1+ (current-column))
                         (flymake-diagnostic-text d))))
             diags "\n  "))

(defun test-wait (what pred)
  "Wait for PRED.  Batch mode runs neither idle timers nor
`post-command-hook', so eglot's debounced didChange is sent here."
  (let ((end (+ (float-time) test-timeout)))
    (while (not (funcall pred))
      (when (> (float-time) end)
        (error "Timed out after %ss waiting for %s" test-timeout what))
      (when (and (bound-and-true-p eglot--managed-mode) eglot--recent-changes)
        (eglot--signal-textDocument/didChange))
      (accept-process-output nil 0.05))))

(defun test-run ()
  ;; Installing the file as a package checks its headers and its
  ;; Package-Requires against the eglot Debian installed.
  (setq package-user-dir (getenv "ASYNCRADAR_PACKAGES")
        package-archives nil)
  (package-initialize)
  (package-install-file (getenv "ASYNCRADAR_EL"))
  (test-check (package-installed-p 'asyncradar) "package-install-file installed asyncradar")
  (require 'asyncradar)
  (test-check (eglot--lookup-mode 'python-mode) "eglot has a server for python-mode")
  (test-check (eq (nth 2 (eglot--lookup-mode 'python-mode)) #'asyncradar--contact)
              "that server is asyncradar")

  ;; A missing binary is one clear error naming the setting.
  (let ((asyncradar-program "/nonexistent/asyncradar"))
    (let ((msg (condition-case e (progn (asyncradar--contact nil) "no error") (user-error (cadr e)))))
      (test-check (string-match-p "\\`asyncradar: .?/nonexistent/asyncradar.? not found; install it or set .?asyncradar-program.?\\'" msg)
                  "a missing asyncradar-program is one error naming it: %s" msg)))
  (setq asyncradar-program (getenv "ASYNCRADAR_BIN")
        asyncradar-settings '(:ignore ["ASYNC240"]))
  (let* ((file (getenv "ASYNCRADAR_FILE"))
         (original (test-file-string file)))
    (find-file file)
    (test-check (eq major-mode 'python-mode) "the file opens in python-mode")
    (add-hook 'python-mode-hook #'eglot-ensure)
    (eglot-ensure)
    (run-hooks 'post-command-hook)
    (test-wait "eglot to connect" (lambda () (eglot-current-server)))
    (test-check (equal (plist-get (eglot--server-info (eglot-current-server)) :name) "asyncradar")
                "eglot is connected to asyncradar")

    ;; The settings (ASYNC240 ignored) survive eglot's connect-time
    ;; didChangeConfiguration: only time.sleep is reported.
    (test-wait "flymake diagnostics" (lambda () (test-diags)))
    (accept-process-output nil 0.5)
    (let ((diags (test-diags)))
      (test-check (= (length diags) 1) "exactly one diagnostic:\n  %s" (test-describe diags))
      (let ((d (car diags)))
        (test-check (eq (flymake-diagnostic-type d) 'eglot-warning) "it is a warning")
        (save-excursion
          (goto-char (flymake-diagnostic-beg d))
          (test-check (and (= (line-number-at-pos) 7) (= (current-column) 4)
                           (= (- (flymake-diagnostic-end d) (flymake-diagnostic-beg d)) 10))
                      "it covers `time.sleep' on line 7, column 5"))
        (test-check (string-match-p "time\\.sleep" (flymake-diagnostic-text d))
                    "its text names time.sleep: %s" (flymake-diagnostic-text d))
        (test-check (string-match-p "\\[ASYNC251\\]" (flymake-diagnostic-text d))
                    "its text carries the code [ASYNC251]")

        ;; The quick fix, picked by title when several are offered.
        (let* ((beg (flymake-diagnostic-beg d))
               (end (flymake-diagnostic-end d))
               (titles (mapcar (lambda (a) (plist-get a :title))
                               (eglot-code-actions beg end "quickfix")))
               (wanted (cl-find-if (lambda (title) (string-match-p "Use await asyncio\\.sleep" title))
                                   titles)))
          (test-log "quick fixes: %S" titles)
          (test-check wanted "the quick fix \"Use await asyncio.sleep\" is offered")
          ;; As from the keyboard: eglot then prompts with completing-read
          ;; (a mouse event would pop up a menu), which answers `wanted'.
          (let ((last-nonmenu-event ?\r))
            (cl-letf (((symbol-function 'completing-read)
                       (lambda (_prompt collection &rest _)
                         (test-check (assoc wanted collection) "the prompt lists it")
                         wanted)))
              (eglot-code-actions beg end "quickfix" t))))))
    (save-buffer)
    (let ((expected (replace-regexp-in-string "\n    time\\.sleep(1)\n" "\n    await asyncio.sleep(1)\n"
                                              original t t)))
      (test-check (equal (test-file-string file) expected)
                  "the saved file is the sample with `await asyncio.sleep(1)':\n%s" (test-file-string file))
      (test-wait "the diagnostic to go away" (lambda () (null (test-diags))))
      (test-check t "no diagnostic after the fix")

      ;; An edit: a new blocking call on line 8 is re-checked.
      (goto-char (point-min))
      (forward-line 7)
      (insert "    time.sleep(2)\n")
      (test-wait "a diagnostic for the new line" (lambda () (= (length (test-diags)) 1)))
      (save-excursion
        (goto-char (flymake-diagnostic-beg (car (test-diags))))
        (test-check (and (= (line-number-at-pos) 8) (= (current-column) 4))
                    "the inserted `time.sleep(2)' is flagged on line 8, column 5"))
      (save-buffer)
      (test-check (equal (test-file-string file)
                         (replace-regexp-in-string "\n    return " "\n    time.sleep(2)\n    return "
                                                   expected t t))
                  "the saved file has the inserted line:\n%s" (test-file-string file))

      ;; asyncradar-fix-all applies the server's source.fixAll.asyncradar.
      (asyncradar-fix-all)
      (save-buffer)
      (test-check (equal (test-file-string file)
                         (replace-regexp-in-string "\n    return " "\n    await asyncio.sleep(2)\n    return "
                                                   expected t t))
                  "asyncradar-fix-all rewrote the new call, and the file is saved:\n%s"
                  (test-file-string file))
      (test-wait "the diagnostics to go away after fix-all" (lambda () (null (test-diags))))
      (test-check t "no diagnostic after asyncradar-fix-all")
      ;; window/showMessage ends up in *Messages*: a settings complaint from
      ;; the server would show there.
      (test-check (not (with-current-buffer "*Messages*"
                         (save-excursion
                           (goto-char (point-min))
                           (search-forward "Server reports" nil t))))
                  "the server showed no message (no complaint about the settings)"))))

(condition-case err
    (progn
      (test-run)
      (test-log "PASS")
      (kill-emacs 0))
  (error
   (princ (format "[emacs] FAIL: %s\n" (error-message-string err)))
   (kill-emacs 1)))

-- Neovim 0.11+: `vim.lsp.enable('asyncradar')` reads this file from the
-- runtimepath. Override any field with `vim.lsp.config('asyncradar', {...})`,
-- e.g. `settings = { asyncradar = { ignore = { 'ASYNC240' } } }`.
return {
  cmd = { 'asyncradar', 'server' },
  filetypes = { 'python' },
  root_markers = { 'pyproject.toml', 'setup.cfg', '.git' },
  -- The server reads its settings at start from initializationOptions, then
  -- asks for the `asyncradar` section (workspace/configuration), which
  -- Neovim answers from `settings`: one table feeds both.
  settings = {},
  before_init = function(params, config)
    local ours = (config.settings or {}).asyncradar or {}
    params.initializationOptions = { settings = require('asyncradar').settings_object(ours) }
  end,
  on_attach = function(client, bufnr)
    require('asyncradar').on_attach(client, bufnr)
  end,
}

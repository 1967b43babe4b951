-- Neovim 0.11+: `vim.lsp.enable('asyncradar')` reads this file from the
-- runtimepath. Override any field with `vim.lsp.config('asyncradar', {...})`,
-- e.g. `settings = { asyncradar = { ignore = { 'ASYNC240' } } }`.
return {
  cmd = { 'asyncradar', 'server' },
  filetypes = { 'python' },
  root_markers = { 'pyproject.toml', 'setup.cfg', '.git' },
  settings = { asyncradar = {} },
  -- The server reads its settings at start from initializationOptions and
  -- later from workspace/didChangeConfiguration, which Neovim sends from
  -- `settings`: one table feeds both.
  before_init = function(params, config)
    params.initializationOptions = { settings = (config.settings or {}).asyncradar or {} }
  end,
  on_attach = function(client, bufnr)
    require('asyncradar').on_attach(client, bufnr)
  end,
}

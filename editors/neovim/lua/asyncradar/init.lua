-- asyncradar for Neovim 0.7+.
--
--   require('asyncradar').setup({
--     cmd = { 'asyncradar', 'server' },          -- or an absolute path
--     settings = { ignore = { 'ASYNC240' } },    -- select, ignore, severity, ...
--   })
--
-- On Neovim 0.11+ `vim.lsp.enable('asyncradar')` (lsp/asyncradar.lua) works
-- without calling setup.
local M = {}

M.name = 'asyncradar'
M.root_markers = { 'pyproject.toml', 'setup.cfg', '.git' }
M.fix_all_kind = 'source.fixAll.asyncradar'

local defaults = {
  cmd = { 'asyncradar', 'server' },
  filetypes = { 'python' },
  settings = {},
}

local uv = vim.uv or vim.loop -- vim.uv since 0.10
local config = vim.deepcopy(defaults)
-- Neovim 0.7 has no vim.lsp.start, so clients are reused per root here.
local clients_by_root = {}

local function exists(path)
  return uv.fs_stat(path) ~= nil
end

-- The nearest ancestor of the buffer's file holding a root marker, else the
-- file's own folder. Plain fs_stat walking works on every supported version.
function M.root_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = name ~= '' and vim.fn.fnamemodify(name, ':p:h') or uv.cwd()
  local cur = dir
  while cur do
    for _, marker in ipairs(M.root_markers) do
      if exists(cur .. '/' .. marker) then
        return cur
      end
    end
    local parent = vim.fn.fnamemodify(cur, ':h')
    if parent == cur then
      break
    end
    cur = parent
  end
  return dir
end

local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients

local function client_for(bufnr)
  for _, client in ipairs(get_clients()) do
    if client.name == M.name and vim.lsp.buf_is_attached(bufnr, client.id) then
      return client
    end
  end
  return nil
end

-- 0.11 made client methods take self (`client:request()`); before, a dot.
local method_call = vim.fn.has('nvim-0.11') == 1
local function call(client, method, ...)
  if method_call then
    return client[method](client, ...)
  end
  return client[method](...)
end

local function apply_action(client, action, bufnr)
  if action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  end
  local command = type(action.command) == 'table' and action.command or nil
  if command then
    call(client, 'request', 'workspace/executeCommand', command, nil, bufnr)
  end
end

-- The server may leave the edit of its fix-all action to codeAction/resolve
-- (Neovim declares resolveSupport for `edit`).
local function resolve(client, action, bufnr)
  local provider = client.server_capabilities and client.server_capabilities.codeActionProvider
  if action.edit or type(provider) ~= 'table' or not provider.resolveProvider then
    return action
  end
  local response = call(client, 'request_sync', 'codeAction/resolve', action, 3000, bufnr)
  return response and response.result or action
end

-- Applies the server's `source.fixAll.asyncradar` action to the whole buffer.
function M.fix_all(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = client_for(bufnr)
  if not client then
    vim.notify('asyncradar: no server attached to this buffer', vim.log.levels.WARN)
    return
  end
  local last = vim.api.nvim_buf_line_count(bufnr)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = 0, character = 0 }, ['end'] = { line = last, character = 0 } },
    context = { diagnostics = {}, only = { M.fix_all_kind } },
  }
  local response = call(client, 'request_sync', 'textDocument/codeAction', params, 3000, bufnr)
  local actions = response and response.result or {}
  for _, action in ipairs(actions) do
    if action.kind == M.fix_all_kind then
      apply_action(client, resolve(client, action, bufnr), bufnr)
      return
    end
  end
  vim.notify('asyncradar: nothing to fix', vim.log.levels.INFO)
end

function M.on_attach(_, bufnr)
  vim.api.nvim_buf_create_user_command(bufnr, 'AsyncradarFixAll', function()
    M.fix_all(bufnr)
  end, { desc = 'asyncradar: fix every blocking call in this buffer' })
  if config.on_attach then
    config.on_attach(client_for(bufnr), bufnr)
  end
end

-- An empty Lua table is encoded as a JSON array: send `{}` for no settings.
local function settings_object(t)
  return next(t) == nil and vim.empty_dict() or t
end
M.settings_object = settings_object

local function client_config(bufnr)
  local has_settings = next(config.settings) ~= nil
  return {
    name = M.name,
    cmd = config.cmd,
    root_dir = M.root_dir(bufnr),
    init_options = { settings = settings_object(config.settings) },
    -- Neovim answers the server's workspace/configuration from this table.
    settings = has_settings and { asyncradar = config.settings } or {},
    on_attach = function(client, b)
      M.on_attach(client, b)
    end,
  }
end

function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.bo[bufnr].buftype ~= '' then
    return
  end
  local cfg = client_config(bufnr)
  if vim.lsp.start then -- 0.8+: reuses a client with the same name and root
    -- 0.8 attaches the current buffer whatever opts.bufnr says (0.9+ reads it).
    vim.api.nvim_buf_call(bufnr, function()
      vim.lsp.start(cfg, { bufnr = bufnr })
    end)
    return
  end
  local id = clients_by_root[cfg.root_dir]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(cfg)
    if not id then
      vim.notify('asyncradar: could not start ' .. table.concat(config.cmd, ' '), vim.log.levels.ERROR)
      return
    end
    clients_by_root[cfg.root_dir] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

function M.setup(opts)
  config = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  if vim.fn.executable(config.cmd[1]) ~= 1 then
    vim.notify('asyncradar: ' .. config.cmd[1] .. ' is not executable; install asyncradar '
      .. 'or pass cmd = { "/path/to/asyncradar", "server" } to setup()', vim.log.levels.ERROR)
    return
  end
  local group = vim.api.nvim_create_augroup('asyncradar', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  -- Buffers opened before setup() ran.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr)
        and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
      M.attach(bufnr)
    end
  end
end

return M

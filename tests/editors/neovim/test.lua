-- Run by test_neovim.sh as
--   nvim --headless --clean -n WORKSPACE/pkg/app.py -c 'luafile test.lua'
-- with ASYNCRADAR_BIN (the server), ASYNCRADAR_PLUGIN (editors/neovim) and
-- ASYNCRADAR_WORKSPACE (the folder holding pyproject.toml) in the environment.
local T0 = vim.loop.hrtime()
local TIMEOUT = tonumber(os.getenv('ASYNCRADAR_WAIT_MS') or '20000')

local function log(msg)
  io.stdout:write(string.format('[neovim %.1fs] %s\n', (vim.loop.hrtime() - T0) / 1e9, msg))
end

local function check(cond, msg)
  if not cond then
    error(msg, 2)
  end
  log('ok: ' .. msg)
end

local function wait_for(what, pred)
  if not vim.wait(TIMEOUT, pred, 20) then
    error('timed out after ' .. TIMEOUT .. ' ms waiting for ' .. what, 2)
  end
end

local function read_file(path)
  local f = assert(io.open(path, 'rb'))
  local s = f:read('*a')
  f:close()
  return s
end

local function ours(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'asyncradar' then
      table.insert(out, d)
    end
  end
  table.sort(out, function(a, b)
    return a.lnum < b.lnum
  end)
  return out
end

local function describe(diags)
  local parts = {}
  for _, d in ipairs(diags) do
    table.insert(parts, string.format('%d:%d-%d:%d %s', d.lnum, d.col, d.end_lnum, d.end_col, tostring(d.code)))
  end
  return '[' .. table.concat(parts, ', ') .. ']'
end

local function run()
  vim.opt.runtimepath:prepend(os.getenv('ASYNCRADAR_PLUGIN'))
  local workspace = os.getenv('ASYNCRADAR_WORKSPACE')
  local buf = vim.api.nvim_get_current_buf()
  local path = vim.api.nvim_buf_get_name(buf)
  check(vim.bo[buf].filetype == 'python', 'the file opens as python')
  local original = read_file(path)
  -- A settings complaint from the server would come as window/showMessage.
  local shown = {}
  local show = vim.lsp.handlers['window/showMessage']
  vim.lsp.handlers['window/showMessage'] = function(err, result, ctx, cfg)
    table.insert(shown, result and result.message or '?')
    return show(err, result, ctx, cfg)
  end

  -- lsp/asyncradar.lua is for 0.11's vim.lsp.enable, which 0.7 lacks: check
  -- the table itself and what its before_init sends.
  local spec = dofile(os.getenv('ASYNCRADAR_PLUGIN') .. '/lsp/asyncradar.lua')
  check(vim.deep_equal(spec.cmd, { 'asyncradar', 'server' }) and vim.deep_equal(spec.filetypes, { 'python' })
    and vim.deep_equal(spec.root_markers, { 'pyproject.toml', 'setup.cfg', '.git' }),
    'lsp/asyncradar.lua: cmd, filetypes, root_markers')
  local init = {}
  spec.before_init(init, { settings = { asyncradar = { ignore = { 'ASYNC240' } } } })
  check(vim.json.encode(init.initializationOptions) == '{"settings":{"ignore":["ASYNC240"]}}',
    'before_init sends settings.asyncradar as initializationOptions.settings')
  spec.before_init(init, { settings = {} })
  check(vim.json.encode(init.initializationOptions) == '{"settings":{}}',
    'no settings: an empty object, not an array')

  -- A missing binary: one error that says what to do, and no client.
  local notes = {}
  local notify = vim.notify
  vim.notify = function(msg, level)
    table.insert(notes, { msg = msg, level = level })
  end
  require('asyncradar').setup({ cmd = { '/nonexistent/asyncradar', 'server' } })
  vim.notify = notify
  check(#notes == 1 and notes[1].level == vim.log.levels.ERROR
    and notes[1].msg:find('/nonexistent/asyncradar is not executable', 1, true) ~= nil,
    'a missing binary gives one error naming it: ' .. (notes[1] and notes[1].msg or 'none'))
  check(#vim.lsp.get_active_clients() == 0, 'and starts no client')

  -- setup() after the file is open: it must attach to open buffers too.
  require('asyncradar').setup({
    cmd = { os.getenv('ASYNCRADAR_BIN'), 'server' },
    settings = { ignore = { 'ASYNC240' } },
  })
  local client
  wait_for('the client to attach', function()
    for _, c in ipairs(vim.lsp.get_active_clients()) do
      if c.name == 'asyncradar' and vim.lsp.buf_is_attached(buf, c.id) and c.initialized then
        client = c
      end
    end
    return client ~= nil
  end)
  check(client.config.root_dir == workspace,
    'the root is the folder with pyproject.toml (' .. tostring(client.config.root_dir) .. ')')
  check(vim.api.nvim_buf_get_commands(buf, {}).AsyncradarFixAll ~= nil,
    ':AsyncradarFixAll is defined for the buffer')

  -- Settings arrive as init_options: ASYNC240 (os.path.exists) is ignored.
  wait_for('diagnostics', function()
    return #ours(buf) > 0
  end)
  vim.wait(500)
  local diags = ours(buf)
  check(#diags == 1, 'exactly one diagnostic, the ignored ASYNC240 is absent: ' .. describe(diags))
  local d = diags[1]
  check(d.lnum == 6 and d.col == 4 and d.end_lnum == 6 and d.end_col == 14,
    'it spans `time.sleep` on line 7 (0-based 6:4-6:14)')
  check(d.code == 'ASYNC251' or (d.user_data and d.user_data.lsp and d.user_data.lsp.code == 'ASYNC251'),
    'its code is ASYNC251')
  check(d.severity == vim.diagnostic.severity.WARN, 'it is a warning')
  check(d.message:find('time.sleep', 1, true) ~= nil, 'its message names time.sleep')

  -- Ask for the code actions at the diagnostic, as `vim.lsp.buf.code_action`
  -- does. 0.7 keeps no LSP range on the diagnostic: rebuild it (byte
  -- columns equal UTF-16 ones on this ASCII line).
  local lsp_diag = vim.deepcopy(d.user_data and d.user_data.lsp or {})
  lsp_diag.range = {
    start = { line = d.lnum, character = d.col },
    ['end'] = { line = d.end_lnum, character = d.end_col },
  }
  lsp_diag.message = d.message
  lsp_diag.severity = lsp_diag.severity or 2
  lsp_diag.code = lsp_diag.code or 'ASYNC251'
  lsp_diag.source = 'asyncradar'
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = lsp_diag.range,
    context = { diagnostics = { lsp_diag } },
  }
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, TIMEOUT)
  local actions = (responses and responses[client.id] and responses[client.id].result) or {}
  local titles = {}
  local chosen
  for _, a in ipairs(actions) do
    table.insert(titles, a.title)
    if not chosen and a.title:find('Use await asyncio.sleep', 1, true) then
      chosen = a
    end
  end
  log('code actions: ' .. table.concat(titles, ' | '))
  check(chosen ~= nil, 'the quick fix "Use await asyncio.sleep" is offered')
  check(chosen.kind == 'quickfix', 'it is a quickfix')
  check(chosen.edit ~= nil, 'it carries a workspace edit')
  vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
  vim.cmd('silent write')
  local expected = original:gsub('\n    time%.sleep%(1%)\n', '\n    await asyncio.sleep(1)\n', 1)
  local on_disk = read_file(path)
  check(on_disk == expected, 'the saved file is exactly the sample with `await asyncio.sleep(1)`:\n' .. on_disk)
  wait_for('the diagnostic to go away', function()
    return #ours(buf) == 0
  end)
  check(true, 'no diagnostic after the fix')

  -- An incremental change (nvim_buf_set_lines sends a ranged didChange).
  vim.api.nvim_buf_set_lines(buf, 7, 7, false, { '    time.sleep(2)' })
  wait_for('a diagnostic for the new line', function()
    return #ours(buf) == 1
  end)
  diags = ours(buf)
  check(diags[1].lnum == 7 and diags[1].col == 4 and diags[1].end_col == 14,
    'the inserted `time.sleep(2)` is flagged at 0-based 7:4-7:14: ' .. describe(diags))
  vim.cmd('silent write')
  on_disk = read_file(path)
  check(on_disk == expected:gsub('\n    return ', '\n    time.sleep(2)\n    return ', 1),
    'the saved file has the inserted line:\n' .. on_disk)

  -- :AsyncradarFixAll applies the server's source.fixAll.asyncradar action.
  vim.cmd('AsyncradarFixAll')
  vim.cmd('silent write')
  on_disk = read_file(path)
  check(on_disk == expected:gsub('\n    return ', '\n    await asyncio.sleep(2)\n    return ', 1),
    ':AsyncradarFixAll rewrote the new call, and the file is saved:\n' .. on_disk)
  wait_for('the diagnostics to go away after fix-all', function()
    return #ours(buf) == 0
  end)
  check(true, 'no diagnostic after :AsyncradarFixAll')

  -- A second file of the same project shares the client.
  local other = workspace .. '/pkg/other.py'
  local f = assert(io.open(other, 'w'))
  f:write('import subprocess\n\n\nasync def run():\n    subprocess.run(["ls"])\n')
  f:close()
  vim.cmd('edit ' .. vim.fn.fnameescape(other))
  local buf2 = vim.api.nvim_get_current_buf()
  wait_for('diagnostics in the second file', function()
    return #ours(buf2) == 1
  end)
  check(ours(buf2)[1].lnum == 4 and ours(buf2)[1].col == 4, 'subprocess.run is flagged at 0-based 4:4')
  local count = 0
  for _, c in ipairs(vim.lsp.get_active_clients()) do
    if c.name == 'asyncradar' then
      count = count + 1
    end
  end
  check(count == 1 and vim.lsp.buf_is_attached(buf2, client.id), 'one client serves both files of the project')
  check(#shown == 0, 'the server showed no message: ' .. table.concat(shown, ' | '))
end

local ok, err = pcall(run)
if ok then
  log('PASS')
  vim.cmd('qall!')
else
  io.stdout:write('[neovim] FAIL: ' .. tostring(err) .. '\n')
  vim.cmd('cquit 1')
end

-- suggestguard for Neovim: starts `suggestguard lsp` for the buffers it
-- checks, with vim.lsp.start on Neovim 0.8+ and vim.lsp.start_client +
-- buf_attach_client on 0.7, and passes the settings along.

local M = {}

local NAME = "suggestguard"
local EXPLAIN = "suggestguard.explain"
local SCAN = "suggestguard.scanWorkspace"

M.defaults = {
  -- The command that starts the server.
  cmd = { "suggestguard", "lsp" },
  -- Buffers of these filetypes get the server.
  filetypes = { "python", "rust", "toml", "requirements", "yaml", "json", "dosini", "conf" },
  -- Files matched by name whatever their filetype (.env is `sh` to Neovim).
  patterns = { "requirements*.txt", ".env", ".env.*", "Cargo.toml", "pyproject.toml" },
  -- The nearest directory holding one of these is the workspace root.
  root_markers = { "suggestguard.toml", "pyproject.toml", "setup.py", "Cargo.toml", "requirements.txt", ".git" },
  -- Server settings (camelCase, as in server/src/config.rs): debounceMs, rules,
  -- severity, minSeverity, focus, onlinePackageChecks, lessons.
  settings = {},
  on_attach = nil,
  capabilities = nil,
}

M.options = vim.deepcopy(M.defaults)
local legacy_clients = {} -- root dir -> client id, for Neovim 0.7

local function notify(msg, level)
  vim.notify("suggestguard: " .. msg, level or vim.log.levels.INFO)
end

-- Client methods became `client:method()` in 0.11; older versions take `client.method()`.
local method_style = vim.fn.has("nvim-0.11") == 1

local function client_request(client, method, params, handler, bufnr)
  if method_style then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

local function client_notify(client, method, params)
  if method_style then
    return client:notify(method, params)
  end
  return client.notify(method, params)
end

local function client_stop(client)
  if method_style then
    return client:stop()
  end
  return client.stop()
end

--- Running suggestguard clients, optionally only those attached to `bufnr`.
function M.clients(bufnr)
  local list = {}
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ name = NAME, bufnr = bufnr })
  end
  local all = bufnr and vim.lsp.buf_get_clients(bufnr) or vim.lsp.get_active_clients()
  for _, client in pairs(all) do
    if client.name == NAME then
      table.insert(list, client)
    end
  end
  return list
end

local function exists(path)
  return vim.loop.fs_stat(path) ~= nil
end

--- The nearest ancestor of `fname` holding a root marker, else its directory.
function M.find_root(fname)
  local dir = vim.fn.fnamemodify(fname, ":p:h")
  local start = dir
  while dir and dir ~= "" do
    for _, marker in ipairs(M.options.root_markers) do
      if exists(dir .. "/" .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      break
    end
    dir = parent
  end
  return start
end

-- Withdraw the offer of pull diagnostics (Neovim 0.10+ makes it) from the
-- initialize request, so the server pushes them: it re-checks open files when
-- settings change and pushes the result at once, while a pulling client would
-- keep the old findings until the next edit (the server does not yet send
-- workspace/diagnostic/refresh). Done in before_init because Neovim 0.11+
-- merges config.capabilities over its defaults, so leaving a key out there
-- does not remove it.
local function before_init(params)
  if params.capabilities and params.capabilities.textDocument then
    params.capabilities.textDocument.diagnostic = nil
  end
end

local function client_config(root)
  local settings = M.options.settings
  return {
    name = NAME,
    cmd = M.options.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    init_options = settings,
    -- Answers the server's workspace/configuration pull for section "suggestguard".
    settings = { suggestguard = settings },
    capabilities = M.options.capabilities or vim.lsp.protocol.make_client_capabilities(),
    before_init = before_init,
    on_attach = M.options.on_attach,
  }
end

--- Start (or reuse) the server for `bufnr` and attach it.
function M.attach(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  if vim.bo[bufnr].buftype ~= "" then
    return
  end
  local fname = vim.api.nvim_buf_get_name(bufnr)
  if fname == "" then
    return
  end
  if vim.fn.executable(M.options.cmd[1]) ~= 1 then
    if not M._warned_missing then
      M._warned_missing = true
      notify(
        "`" .. M.options.cmd[1] .. "` was not found. Install suggestguard (`cargo install --locked --path .` "
          .. "in its checkout) or pass cmd = { '/path/to/suggestguard', 'lsp' } to setup().",
        vim.log.levels.ERROR
      )
    end
    return
  end
  local root = M.find_root(fname)
  if vim.lsp.start then
    vim.lsp.start(client_config(root), { bufnr = bufnr })
    return
  end
  local id = legacy_clients[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(client_config(root))
    if not id then
      notify("the server failed to start", vim.log.levels.ERROR)
      return
    end
    legacy_clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

--- Replace settings (deep-merged over the current ones) and send them to
--- every running server; they take effect without a restart.
function M.update_settings(settings)
  M.options.settings = vim.tbl_deep_extend("force", M.options.settings, settings or {})
  for _, client in ipairs(M.clients()) do
    client.config.settings = { suggestguard = M.options.settings }
    client_notify(client, "workspace/didChangeConfiguration", { settings = { suggestguard = M.options.settings } })
  end
end

local function rule_id(diagnostic)
  local code = diagnostic.code
  if code == nil and diagnostic.user_data and diagnostic.user_data.lsp then
    code = diagnostic.user_data.lsp.code
  end
  return code and tostring(code) or nil
end

--- suggestguard's diagnostics under the cursor (else on its line).
function M.findings_at_cursor()
  local bufnr = vim.api.nvim_get_current_buf()
  local cursor = vim.api.nvim_win_get_cursor(0)
  local row, col = cursor[1] - 1, cursor[2]
  local on_line, under = {}, {}
  for _, d in ipairs(vim.diagnostic.get(bufnr, { lnum = row })) do
    if d.source == NAME and rule_id(d) then
      table.insert(on_line, d)
      local end_lnum = d.end_lnum or d.lnum
      local end_col = d.end_col or d.col
      local after_start = row > d.lnum or col >= d.col
      local before_end = row < end_lnum or col <= end_col
      if after_start and before_end then
        table.insert(under, d)
      end
    end
  end
  return #under > 0 and under or on_line
end

--- Show the full explanation of the finding under the cursor in a float.
function M.explain()
  local bufnr = vim.api.nvim_get_current_buf()
  local findings = M.findings_at_cursor()
  if #findings == 0 then
    notify("no finding at the cursor")
    return
  end
  local client = M.clients(bufnr)[1]
  if not client then
    notify("the server is not attached to this buffer", vim.log.levels.WARN)
    return
  end
  local rule = rule_id(findings[1])
  client_request(client, "workspace/executeCommand", { command = EXPLAIN, arguments = { rule } }, function(err, result)
    if err or type(result) ~= "string" then
      notify("no explanation for " .. rule .. (err and (": " .. err.message) or ""), vim.log.levels.WARN)
      return
    end
    vim.lsp.util.open_floating_preview(vim.split(result, "\n"), "markdown", { border = "rounded", max_width = 90 })
  end, bufnr)
end

--- Ask the server to check every file of the workspace, when it offers that.
function M.scan()
  local client = M.clients(vim.api.nvim_get_current_buf())[1] or M.clients()[1]
  if not client then
    notify("the server is not running; open a Python or Rust file first", vim.log.levels.WARN)
    return
  end
  local provider = client.server_capabilities and client.server_capabilities.executeCommandProvider
    or (client.resolved_capabilities and client.resolved_capabilities.execute_command and {})
  local commands = provider and provider.commands or {}
  if not vim.tbl_contains(commands, SCAN) then
    notify("this server does not offer a workspace scan; run `suggestguard scan` in a terminal", vim.log.levels.WARN)
    return
  end
  client_request(client, "workspace/executeCommand", { command = SCAN, arguments = {} }, function(err, result)
    if err then
      notify("scan failed: " .. err.message, vim.log.levels.ERROR)
      return
    end
    result = result or {}
    notify(string.format("scanned %d files, %d findings", result.files or 0, result.findings or 0))
  end)
end

--- Stop the servers and start them again for every buffer they served.
function M.restart()
  local buffers = {}
  for _, client in ipairs(M.clients()) do
    for bufnr in pairs(client.attached_buffers or {}) do
      table.insert(buffers, bufnr)
    end
    client_stop(client)
  end
  legacy_clients = {}
  vim.defer_fn(function()
    for _, bufnr in ipairs(buffers) do
      if vim.api.nvim_buf_is_valid(bufnr) then
        M.attach(bufnr)
      end
    end
  end, 500)
end

--- Configure and start: attach to matching buffers now and as they open.
function M.setup(opts)
  M.options = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  -- Lists are replaced, not merged by index.
  for _, key in ipairs({ "cmd", "filetypes", "patterns", "root_markers" }) do
    if opts and opts[key] then
      M.options[key] = opts[key]
    end
  end
  local group = vim.api.nvim_create_augroup("suggestguard", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.options.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  if #M.options.patterns > 0 then
    vim.api.nvim_create_autocmd({ "BufReadPost", "BufNewFile" }, {
      group = group,
      pattern = M.options.patterns,
      callback = function(args)
        M.attach(args.buf)
      end,
    })
  end
  vim.api.nvim_create_user_command("SuggestguardExplain", M.explain, { desc = "Explain the suggestguard finding at the cursor" })
  vim.api.nvim_create_user_command("SuggestguardScan", M.scan, { desc = "Check every file of the workspace" })
  vim.api.nvim_create_user_command("SuggestguardRestart", M.restart, { desc = "Restart the suggestguard server" })
  -- Buffers already open when setup() runs.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) then
      local ft = vim.bo[bufnr].filetype
      if vim.tbl_contains(M.options.filetypes, ft) then
        M.attach(bufnr)
      end
    end
  end
end

return M

-- Headless end-to-end test of the Neovim plugin against the real server:
--   SUGGESTGUARD_BIN=target/debug/suggestguard nvim --headless -u NONE -i NONE -n \
--     --cmd "set rtp^=editors/neovim" -c "luafile editors/neovim/test/run.lua"
-- Opens the fixtures, waits for diagnostics, checks rule ids and positions,
-- applies code actions through vim.lsp.buf.code_action, explains a finding,
-- changes settings live, and exits non-zero on any failure.

local here = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h")
local bin = os.getenv("SUGGESTGUARD_BIN") or "suggestguard"
local TIMEOUT = 20000

local passed, failed = 0, 0
local function out(line)
  io.stdout:write(line .. "\n")
end

local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    out("ok - " .. name)
  else
    failed = failed + 1
    out("FAIL - " .. name .. (detail and (": " .. detail) or ""))
  end
  return ok
end

local function wait(cond)
  local ok = vim.wait(TIMEOUT, cond, 20)
  return ok
end

local function ours(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == "suggestguard" then
      table.insert(list, d)
    end
  end
  return list
end

local server_messages = {}

local function copy_fixtures()
  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir, "p")
  for _, name in ipairs({ "config.py", "run.rs", "requirements.txt" }) do
    vim.fn.writefile(vim.fn.readfile(here .. "/fixtures/" .. name), dir .. "/" .. name)
  end
  -- A marker, so the copy is its own workspace root.
  vim.fn.writefile({ "[package]", 'name = "fixture"' }, dir .. "/Cargo.toml")
  return dir
end

--- Run vim.lsp.buf.code_action() with the cursor at (row, col), choosing the
--- action titled `want`; returns every title offered.
local function code_action(row, col, want)
  vim.api.nvim_win_set_cursor(0, { row, col })
  local titles
  local original = vim.ui.select
  vim.ui.select = function(items, opts, on_choice)
    titles = {}
    local chosen
    for _, item in ipairs(items) do
      local action = item.action or item[2]
      table.insert(titles, action.title)
      if action.title == want then
        chosen = item
      end
    end
    on_choice(chosen)
  end
  vim.lsp.buf.code_action()
  wait(function()
    return titles ~= nil
  end)
  vim.ui.select = original
  return titles or {}
end

local function line(bufnr, n)
  return vim.api.nvim_buf_get_lines(bufnr, n - 1, n, false)[1]
end

local function run()
  out("neovim " .. tostring(vim.version().major) .. "." .. tostring(vim.version().minor) .. "." .. tostring(vim.version().patch)
    .. (vim.lsp.start and " (vim.lsp.start)" or " (vim.lsp.start_client + buf_attach_client)"))
  local original_show = vim.lsp.handlers["window/showMessage"]
  vim.lsp.handlers["window/showMessage"] = function(err, result, ctx, config)
    table.insert(server_messages, result.message)
    return original_show(err, result, ctx, config)
  end

  -- What a user's config has; `-u NONE` leaves it off.
  vim.cmd("filetype on")
  local dir = copy_fixtures()
  local sg = require("suggestguard")
  sg.setup({ cmd = { bin, "lsp" }, settings = { debounceMs = 0, minSeverity = "hint", focus = "all" } })

  -- Python: the yaml.load finding.
  vim.cmd("edit " .. vim.fn.fnameescape(dir .. "/config.py"))
  local py = vim.api.nvim_get_current_buf()
  check("python buffer has the server attached", wait(function()
    return #sg.clients(py) == 1
  end))
  local got = wait(function()
    return #ours(py) > 0
  end)
  local diags = ours(py)
  if check("diagnostics arrive for config.py", got and #diags == 1, vim.inspect(diags)) then
    local d = diags[1]
    check("rule id is py-yaml-load", d.code == "py-yaml-load", tostring(d.code))
    check("position is line 5, columns 16-28", d.lnum == 4 and d.col == 15 and d.end_lnum == 4 and d.end_col == 27,
      string.format("%d:%d-%d:%d", d.lnum, d.col, d.end_lnum, d.end_col))
    check("severity is error", d.severity == vim.diagnostic.severity.ERROR)
  end

  -- The root is the fixture copy (Cargo.toml marker).
  local client = sg.clients(py)[1]
  check("diagnostics are pushed (the pull offer was withdrawn)",
    client and (client.server_capabilities or {}).diagnosticProvider == nil)
  check("workspace root found from markers", client and client.config.root_dir == dir,
    client and client.config.root_dir or "no client")

  -- Hover.
  local hover = vim.lsp.buf_request_sync(py, "textDocument/hover", {
    textDocument = { uri = vim.uri_from_bufnr(py) },
    position = { line = 4, character = 20 },
  }, TIMEOUT)
  local hover_text = ""
  for _, response in pairs(hover or {}) do
    if response.result and response.result.contents then
      hover_text = hover_text .. (response.result.contents.value or "")
    end
  end
  check("hover explains the finding", hover_text:find("safe_load", 1, true) ~= nil, hover_text)

  -- :SuggestguardExplain opens a float with the rule's explanation.
  vim.api.nvim_win_set_cursor(0, { 5, 20 })
  vim.cmd("SuggestguardExplain")
  local float_text
  wait(function()
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= "" then
        float_text = table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false), "\n")
        return true
      end
    end
    return false
  end)
  check(":SuggestguardExplain shows the explanation", float_text and float_text:find("safe_load", 1, true) ~= nil,
    tostring(float_text))
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= "" then
      vim.api.nvim_win_close(win, true)
    end
  end

  -- Code action: the fix.
  local titles = code_action(5, 20, "Use yaml.safe_load")
  check("code actions offered: fix and ignore",
    vim.tbl_contains(titles, "Use yaml.safe_load") and vim.tbl_contains(titles, "Ignore `py-yaml-load` on this line"),
    vim.inspect(titles))
  check("the fix is applied to the buffer", wait(function()
    return line(py, 5) == "        return yaml.safe_load(f)"
  end), line(py, 5))
  check("the finding is gone after the fix", wait(function()
    return #ours(py) == 0
  end), vim.inspect(ours(py)))

  -- Undo brings the finding back; then the ignore action silences it.
  vim.cmd("silent undo")
  check("undo restores the finding", wait(function()
    return #ours(py) == 1
  end), line(py, 5))
  code_action(5, 20, "Ignore `py-yaml-load` on this line")
  check("the ignore comment is added", wait(function()
    return line(py, 5) == "        return yaml.load(f)  # suggestguard: ignore[py-yaml-load]"
  end), line(py, 5))
  check("the ignored finding is gone", wait(function()
    return #ours(py) == 0
  end), vim.inspect(ours(py)))

  -- Rust: the same server instance (same root), another language.
  vim.cmd("edit " .. vim.fn.fnameescape(dir .. "/run.rs"))
  local rs = vim.api.nvim_get_current_buf()
  got = wait(function()
    return #ours(rs) > 0
  end)
  diags = ours(rs)
  if check("diagnostics arrive for run.rs", got and #diags == 1, vim.inspect(diags)) then
    local d = diags[1]
    check("rule id is rs-shell-injection", d.code == "rs-shell-injection", tostring(d.code))
    check("position is line 5, columns 5-42", d.lnum == 4 and d.col == 4 and d.end_col == 41,
      string.format("%d:%d-%d:%d", d.lnum, d.col, d.end_lnum, d.end_col))
  end
  check("one server serves both buffers", #sg.clients() == 1, tostring(#sg.clients()))

  -- Settings changed live: rule off, then a severity override.
  sg.update_settings({ rules = { ["rs-shell-injection"] = false } })
  check("turning the rule off clears its finding", wait(function()
    return #ours(rs) == 0
  end))
  sg.update_settings({ rules = { ["rs-shell-injection"] = true }, severity = { ["rs-shell-injection"] = "warning" } })
  check("severity override applies without a restart", wait(function()
    local list = ours(rs)
    return #list == 1 and list[1].severity == vim.diagnostic.severity.WARN
  end), vim.inspect(ours(rs)))

  -- A manifest matched by file name pattern.
  vim.cmd("edit " .. vim.fn.fnameescape(dir .. "/requirements.txt"))
  local req = vim.api.nvim_get_current_buf()
  check("requirements.txt gets the server", wait(function()
    return #sg.clients(req) == 1
  end), vim.bo[req].filetype)

  check("the server accepted every setting", #server_messages == 0, vim.inspect(server_messages))
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  check("test script ran to the end", false, err)
end
out(string.format("%d passed, %d failed", passed, failed))
io.stdout:flush()
if failed > 0 then
  vim.cmd("cquit 1")
else
  vim.cmd("qall!")
end

-- Driven by test/lsp-neovim.test.ts: Neovim's own LSP client starts `jwtlint lsp --stdio`, opens a file of a
-- two-file project and waits for the cross-file diagnostic in the file it imports; the diagnostics it received
-- are written as JSON to $JWTLINT_OUT.
local root = os.getenv('JWTLINT_ROOT')
local client_id = vim.lsp.start_client({
  name = 'jwtlint',
  cmd = { os.getenv('JWTLINT_NODE'), os.getenv('JWTLINT_BIN'), 'lsp', '--stdio' },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = 'project' } },
})
vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/src/auth.ts'))
vim.lsp.buf_attach_client(0, client_id)

local wanted = { root .. '/src/auth.ts', root .. '/src/config.ts' }
local function collect()
  local out = {}
  for _, file in ipairs(wanted) do
    for _, d in ipairs(vim.diagnostic.get(vim.uri_to_bufnr(vim.uri_from_fname(file)))) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      table.insert(out, { file = file, lnum = d.lnum, col = d.col, source = d.source, code = code, message = d.message })
    end
  end
  return out
end
local function has(file, code)
  for _, d in ipairs(collect()) do
    if d.file == file and d.code == code then return true end
  end
  return false
end

vim.wait(30000, function()
  return has(wanted[1], 'verify-without-algorithms') and has(wanted[2], 'hardcoded-secret')
end, 50)
local f = io.open(os.getenv('JWTLINT_OUT'), 'w')
f:write(vim.fn.json_encode(collect()))
f:close()
vim.lsp.stop_client(client_id)
vim.cmd('qa!')

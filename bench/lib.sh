# Shared helpers for bench/* scripts (sourced, not run).

# replace_section FILE NAME CONTENT_FILE: puts CONTENT_FILE between the markers of section NAME in FILE,
# appending the section when it is not there yet, so each benchmark owns its part of docs/benchmarks.md.
replace_section() {
  local file="$1" name="$2" content="$3"
  local start="<!-- bench:$name:start -->" end="<!-- bench:$name:end -->"
  [[ -f "$file" ]] || printf '# Benchmarks\n\nEach section is written by the script under `bench/` that it names; rerun the script to refresh it.\n' > "$file"
  if grep -qF "$start" "$file"; then
    awk -v start="$start" -v end="$end" -v content="$content" '
      $0 == start { print; while ((getline line < content) > 0) print line; skipping = 1; next }
      $0 == end { skipping = 0 }
      !skipping { print }' "$file" > "$file.tmp" && mv "$file.tmp" "$file"
  else
    { printf '\n%s\n' "$start"; cat "$content"; printf '%s\n' "$end"; } >> "$file"
  fi
}

machine_summary() {
  echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"), $(date -u +%Y-%m-%d)"
}

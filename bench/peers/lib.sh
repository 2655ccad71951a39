# Shared by the side-by-side scripts in bench/peers: timing, medians, ratios and the summary tables.
# Sourced, not run. Each script appends one line per run to the file named by $results: size<TAB>round<TAB>case<TAB>ms.

now_ms() {
  echo $(($(date +%s%N) / 1000000))
}

# The median of whole numbers given one a line on stdin ("-" when there are none).
median() {
  sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "-" } else if (NR % 2) { print v[(NR + 1) / 2] } else { printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 } }'
}

# a / b to two decimals, "-" when either is missing.
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && a != "-" && b > 0) printf "%.2f", a / b; else print "-" }'
}

# record SIZE ROUND CASE MS: keeps the run and shows it as it happens.
record() {
  printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$results"
  printf '   round %s  %-22s %8s ms\n' "$2" "$3" "$4"
}

runs_of() { # size case
  awk -F'\t' -v n="$1" -v c="$2" '$1 == n && $3 == c { print $4 }' "$results"
}

run_of() { # size round case
  awk -F'\t' -v n="$1" -v r="$2" -v c="$3" '$1 == n && $2 == r && $3 == c { print $4 }' "$results"
}

# summary SIZE ROUNDS "case case …" "a/b a/b …": a markdown table of medians and one of ratios (of the medians, and
# round by round: the two cases of a round ran minutes apart at most, so a round's ratio cancels slow drifts of load).
summary() {
  local n="$1" rounds="$2" c pair a b r per_round runs
  echo
  echo "| case | median | runs, in round order (ms) |"
  echo "|---|---:|---|"
  for c in $3; do
    runs=$(runs_of "$n" "$c")
    printf '| %s | %s ms | %s |\n' "$c" "$(median <<<"$runs")" "$(tr '\n' ' ' <<<"$runs" | sed 's/ *$//')"
  done
  echo
  echo "| ratio | of the medians | per round |"
  echo "|---|---:|---|"
  for pair in $4; do
    a="${pair%%/*}"
    b="${pair#*/}"
    per_round=""
    for ((r = 1; r <= rounds; r++)); do
      per_round+="$(ratio "$(run_of "$n" "$r" "$a")" "$(run_of "$n" "$r" "$b")") "
    done
    printf '| %s / %s | %sx | %s|\n' "$a" "$b" "$(ratio "$(runs_of "$n" "$a" | median)" "$(runs_of "$n" "$b" | median)")" "$per_round"
  done
}

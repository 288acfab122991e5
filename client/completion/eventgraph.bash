# Bash completion for the EventGraph CLI `eventgraph`.
#
# Install: `source client/completion/eventgraph.bash`, or copy this file to
# /etc/bash_completion.d/eventgraph. tests/client/completion_test.py checks
# that the flag lists below match `eventgraph COMMAND --help`.

_eventgraph_commands="ingest timeline events actors actor stats admin path neighbors subgraph generate delete countries codes"
_eventgraph_global_flags="--server --deadline --stream-deadline --output -o --color --token --tls-ca --tls-cert --tls-key --tls-server-name"
_eventgraph_filter_flags="--from --to --direction --action --code --quad"
_eventgraph_flags_ingest="--help -h --format --map --batch-size --rejects --resume --retries --bulk --quiet -q --parse-threads"
_eventgraph_flags_timeline="--help -h --by $_eventgraph_filter_flags --rollup --split"
_eventgraph_flags_events="--help -h $_eventgraph_filter_flags --page-size --page-token --desc --all --limit --rollup"
_eventgraph_flags_actors="--help -h --page-size --page-token"
_eventgraph_flags_actor="--help -h"
_eventgraph_flags_stats="--help -h"
_eventgraph_flags_admin="--help -h"
# admin's subcommands: check [--repair]; backup create|list|verify ID|delete ID|purge --keep N.
_eventgraph_admin_commands="check backup"
_eventgraph_backup_commands="create list verify delete purge"
_eventgraph_flags_admin_check="--help -h --repair"
_eventgraph_flags_admin_backup="--help -h"
_eventgraph_flags_admin_backup_create="--help -h"
_eventgraph_flags_admin_backup_list="--help -h"
_eventgraph_flags_admin_backup_verify="--help -h"
_eventgraph_flags_admin_backup_delete="--help -h"
_eventgraph_flags_admin_backup_purge="--help -h --keep"
_eventgraph_flags_delete="--help -h --id --source-event-id --date --source --dry-run --yes -y"
# The edge filter of the graph commands (path, neighbors, subgraph).
_eventgraph_edge_filter_flags="--action --code --quad --goldstein-min --goldstein-max --min-events"
_eventgraph_flags_path="--help -h --from --to --mode --limit --k --max-hops --directed --strict --start --end --evidence $_eventgraph_edge_filter_flags --max-visited --max-edges --rollup"
_eventgraph_flags_neighbors="--help -h --direction --from --to --limit --order $_eventgraph_edge_filter_flags --rollup"
_eventgraph_flags_countries="--help -h"
_eventgraph_flags_subgraph="--help -h --radius --direction --from --to --max-nodes --max-edges $_eventgraph_edge_filter_flags"
_eventgraph_flags_generate="--help -h --events --seed --actors --countries --from --to --format --output --gzip"
_eventgraph_flags_codes="--help -h --quad"
# The CAMEO roots: the codes command's PREFIX and any --code value.
_eventgraph_cameo_roots="01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20"
# Options that take a value (the next word is that value, not a command).
_eventgraph_value_flags="--server --deadline --stream-deadline --output -o --color --token --tls-ca --tls-cert --tls-key --tls-server-name --format --map --batch-size --rejects --resume --retries --by --from --to --direction --action --code --quad --page-size --page-token --limit --mode --k --max-hops --start --end --evidence --goldstein-min --goldstein-max --min-events --max-visited --max-edges --order --radius --max-nodes --events --seed --actors --countries --keep --id --source-event-id --date --source --rollup --parse-threads"

# Sets COMPREPLY to the words of $1 that start with $2.
_eventgraph_words() {
  COMPREPLY=($(compgen -W "$1" -- "$2"))
}

# Sets COMPREPLY to the file names that start with $1.
_eventgraph_files() {
  compopt -o filenames 2>/dev/null
  local IFS=$'\n'
  COMPREPLY=($(compgen -f -- "$1"))
}

_eventgraph() {
  COMPREPLY=()
  local cur="${COMP_WORDS[COMP_CWORD]}"
  local prev=""
  ((COMP_CWORD > 0)) && prev="${COMP_WORDS[COMP_CWORD - 1]}"
  # Bash splits "--output=js" into "--output" "=" "js".
  if [[ "$cur" == "=" ]]; then
    cur=""
  elif [[ "$prev" == "=" ]] && ((COMP_CWORD > 1)); then
    prev="${COMP_WORDS[COMP_CWORD - 2]}"
  fi
  if [[ "${COMP_WORDS[COMP_CWORD]}" == "=" ]]; then
    prev="${COMP_WORDS[COMP_CWORD - 1]}"
  fi

  # The command is the first word that is neither a flag nor a flag's value.
  local command="" i=1 word
  while ((i < COMP_CWORD)); do
    word="${COMP_WORDS[i]}"
    if [[ " $_eventgraph_value_flags " == *" $word "* ]]; then
      ((i += 2))
      continue
    fi
    if [[ "$word" != -* && "$word" != "=" ]]; then
      command="$word"
      break
    fi
    ((i += 1))
  done

  # generate's --output names a file, and its --format is its own.
  if [[ "$command" == generate ]]; then
    case "$prev" in
      --output) _eventgraph_files "$cur"; return 0 ;;
      --format) _eventgraph_words "gdelt2 tsv" "$cur"; return 0 ;;
    esac
  fi
  case "$prev" in
    --output | -o)
      # Only subgraph writes graphml and dot; before the command, offer all.
      if [[ -z "$command" || "$command" == subgraph ]]; then
        _eventgraph_words "table json csv graphml dot" "$cur"
      else
        _eventgraph_words "table json csv" "$cur"
      fi
      return 0 ;;
    --color) _eventgraph_words "auto always never" "$cur"; return 0 ;;
    --by) _eventgraph_words "year quarter month week day" "$cur"; return 0 ;;
    --direction) _eventgraph_words "both out in" "$cur"; return 0 ;;
    --mode) _eventgraph_words "shortest k-shortest weighted earliest latest fastest fewest-hops" "$cur"; return 0 ;;
    --order) _eventgraph_words "count cooperative hostile recent" "$cur"; return 0 ;;
    --rollup) _eventgraph_words "none country" "$cur"; return 0 ;;
    --format) _eventgraph_words "auto gdelt1 gdelt2 icews quad tsv csv jsonl" "$cur"; return 0 ;;
    --quad) _eventgraph_words "1 2 3 4" "$cur"; return 0 ;;
    --code) _eventgraph_words "$_eventgraph_cameo_roots" "$cur"; return 0 ;;
    --rejects | --resume) _eventgraph_files "$cur"; return 0 ;;
    --tls-ca | --tls-cert | --tls-key) _eventgraph_files "$cur"; return 0 ;;
  esac
  if [[ " $_eventgraph_value_flags " == *" $prev "* ]]; then
    return 0  # a free value (address, date, number, text): nothing to offer
  fi

  if [[ -z "$command" ]]; then
    if [[ "$cur" == -* ]]; then
      _eventgraph_words "--help -h $_eventgraph_global_flags" "$cur"
    else
      _eventgraph_words "$_eventgraph_commands" "$cur"
    fi
    return 0
  fi

  # admin nests subcommands: the flags are those of the deepest one named.
  if [[ "$command" == admin ]]; then
    local path="admin" j=$((i + 1))
    while ((j < COMP_CWORD)); do
      word="${COMP_WORDS[j]}"
      if [[ "$path" == admin && " $_eventgraph_admin_commands " == *" $word "* ]] ||
         [[ "$path" == admin_backup && " $_eventgraph_backup_commands " == *" $word "* ]]; then
        path="${path}_$word"
      fi
      ((j += 1))
    done
    if [[ "$cur" == -* ]]; then
      local admin_flags="_eventgraph_flags_$path"
      _eventgraph_words "${!admin_flags} $_eventgraph_global_flags" "$cur"
    elif [[ "$path" == admin ]]; then
      _eventgraph_words "$_eventgraph_admin_commands" "$cur"
    elif [[ "$path" == admin_backup ]]; then
      _eventgraph_words "$_eventgraph_backup_commands" "$cur"
    fi
    return 0
  fi

  if [[ "$cur" == -* ]]; then
    local flags_var="_eventgraph_flags_$command"
    # Global flags may follow the command (eventgraph stats -o json).
    _eventgraph_words "${!flags_var} $_eventgraph_global_flags" "$cur"
    return 0
  fi
  if [[ "$command" == ingest ]]; then
    _eventgraph_files "$cur"
  elif [[ "$command" == codes ]]; then
    _eventgraph_words "$_eventgraph_cameo_roots" "$cur"
  fi
  return 0
}

complete -F _eventgraph eventgraph

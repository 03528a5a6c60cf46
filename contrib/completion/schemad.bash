# bash completion for schemad and schemactl.
# Install as /usr/share/bash-completion/completions/schemad (and a link
# named schemactl), or source it.

# _schemad_reply ARGS...: the completions compgen ARGS gives, one a line,
# so that a file name with spaces stays whole.
_schemad_reply()
{
	mapfile -t COMPREPLY < <(compgen "$@")
}

# _schemad_files -f|-d: file or directory names, quoted as bash would.
_schemad_files()
{
	compopt -o filenames 2>/dev/null
	_schemad_reply "$1" -- "$cur"
}

_schemad()
{
	local cur prev opts i
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	# After exec --, the words are the command's: a command, then files.
	for ((i = 1; i < COMP_CWORD; i++)); do
		[[ ${COMP_WORDS[i]} == -- ]] || continue
		if ((COMP_CWORD == i + 1)); then
			_schemad_reply -c -- "$cur"
		else
			_schemad_files -f
		fi
		return
	done
	case $prev in
	-c|--config|--database|--state-file|--socket)
		_schemad_files -f; return ;;
	--migrations|--backup-dir)
		_schemad_files -d; return ;;
	--journal-mode)
		_schemad_reply -W "delete truncate persist wal" -- "$cur"; return ;;
	--strict-modes|--adopt)
		_schemad_reply -W "yes no" -- "$cur"; return ;;
	--create)
		_schemad_reply -W "yes no wait" -- "$cur"; return ;;
	--role)
		_schemad_reply -W "auto primary follower" -- "$cur"; return ;;
	--on-failure)
		_schemad_reply -W "exit stay" -- "$cur"; return ;;
	--format)
		_schemad_reply -W "auto schemad golang-migrate sqlx dbmate goose sql-migrate diesel prisma drizzle atlas flyway" -- "$cur"; return ;;
	--socket-group)
		_schemad_reply -g -- "$cur"; return ;;
	esac
	if [[ $cur == -* ]]; then
		opts=$(schemad --help 2>/dev/null | grep -Eo -- '--[a-z-]+' | sort -u)
		_schemad_reply -W "$opts -c -v -q -h -V" -- "$cur"
		return
	fi
	# After accept, its files; after new, a name of one's own.
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		accept) _schemad_files -f; return ;;
		new) return ;;
		esac
	done
	_schemad_reply -W "run migrate plan history accept exec new" -- "$cur"
}

_schemactl()
{
	local cur prev
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	-s|--socket)
		_schemad_files -f; return ;;
	esac
	if [[ $cur == -* ]]; then
		_schemad_reply -W "-s --socket --timeout --version --json --help -V" -- "$cur"
	else
		_schemad_reply -W "status wait" -- "$cur"
	fi
}

complete -F _schemad schemad
complete -F _schemactl schemactl

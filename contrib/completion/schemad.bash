# bash completion for schemad and schemactl.
# Install as /usr/share/bash-completion/completions/schemad (and a link
# named schemactl), or source it.

_schemad()
{
	local cur prev opts
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	-c|--config|--database|--state-file)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--migrations|--backup-dir)
		COMPREPLY=($(compgen -d -- "$cur")); return ;;
	--socket)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--journal-mode)
		COMPREPLY=($(compgen -W "delete truncate persist wal" -- "$cur")); return ;;
	--create)
		COMPREPLY=($(compgen -W "yes no" -- "$cur")); return ;;
	--on-failure)
		COMPREPLY=($(compgen -W "exit stay" -- "$cur")); return ;;
	--socket-group)
		COMPREPLY=($(compgen -g -- "$cur")); return ;;
	esac
	if [[ $cur == -* ]]; then
		opts=$(schemad --help 2>/dev/null | grep -Eo -- '--[a-z-]+' | sort -u)
		COMPREPLY=($(compgen -W "$opts -c -v -q -h -V" -- "$cur"))
	else
		COMPREPLY=($(compgen -W "run migrate plan exec" -- "$cur"))
	fi
}

_schemactl()
{
	local cur prev
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	-s|--socket)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "-s --socket --timeout --version --json --help" -- "$cur"))
	else
		COMPREPLY=($(compgen -W "status wait" -- "$cur"))
	fi
}

complete -F _schemad schemad
complete -F _schemactl schemactl

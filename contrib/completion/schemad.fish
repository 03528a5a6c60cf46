# fish completion for schemad and schemactl. Install as schemad.fish in
# a directory of $fish_complete_path, and schemactl.fish a link to it
# (make install does): fish loads a command's completions by its name.

set -l commands run migrate plan history accept exec new
set -l formats auto schemad golang-migrate sqlx dbmate goose sql-migrate \
    diesel prisma drizzle atlas flyway

complete -c schemad -f
for c in 'run:migrate, signal readiness, serve the socket' \
    'migrate:apply every pending migration, then exit' \
    'plan:show pending migrations and drift' \
    'history:show every migration and its state' \
    'accept:record applied files as they are now' \
    'exec:migrate, then become a command' \
    'new:write the next migration file'
    set -l c (string split -m 1 : $c)
    complete -c schemad -n "not __fish_seen_subcommand_from $commands" \
        -a $c[1] -d $c[2]
end
# accept's arguments are files; after exec --, a command and its own.
complete -c schemad -n "__fish_seen_subcommand_from accept" -F
complete -c schemad -n "__fish_seen_subcommand_from exec" \
    -a "(__fish_complete_subcommand --fcs-skip=3)"

complete -c schemad -s c -l config -r -F -d 'configuration file'
complete -c schemad -l database -r -F -d 'the database, or rqlite://HOST:PORT'
complete -c schemad -l migrations -r -a "(__fish_complete_directories)" \
    -d 'the migrations directory'
complete -c schemad -l strict-modes -x -a 'yes no' \
    -d 'refuse migrations others could change'
complete -c schemad -l format -x -a "$formats" -d 'the migrations layout'
complete -c schemad -l adopt -x -a 'yes no' -d "adopt another tool's history"
complete -c schemad -l busy-timeout -x -d "ms to wait for another's lock"
complete -c schemad -l journal-mode -x -a 'delete truncate persist wal' \
    -d 'the journal mode'
complete -c schemad -l create -x -a 'yes no wait' \
    -d 'make the database if it is missing'
complete -c schemad -l role -x -a 'auto primary follower' -d "this node's role"
complete -c schemad -l litefs-url -x -d "LiteFS's HTTP address"
complete -c schemad -l poll-interval -x -d 'how often a follower looks (ms)'
complete -c schemad -l backup-dir -r -a "(__fish_complete_directories)" \
    -d 'where to keep a copy before a run'
complete -c schemad -l backup-keep -x -d 'how many copies to keep'
complete -c schemad -l socket -r -F -d 'the readiness socket'
complete -c schemad -l socket-mode -x -d "the socket's mode"
complete -c schemad -l socket-group -x -a "(__fish_complete_groups)" \
    -d "the socket's group"
complete -c schemad -l max-clients -x -d 'clients at once'
complete -c schemad -l idle-timeout -x -d 'seconds before an idle client goes'
complete -c schemad -l max-wait -x -d 'the longest WAIT (seconds)'
complete -c schemad -l on-failure -x -a 'exit stay' -d 'what a failed run does'
complete -c schemad -l ready-fd -x -d 'a descriptor told when ready'
complete -c schemad -l state-file -r -F -d 'a file that holds the state'
complete -c schemad -l http -x -d "the HTTP probes' address"
complete -c schemad -l http-max-connections -x -d 'HTTP connections at once'
complete -c schemad -l baseline -x -d 'record versions up to N as applied'
complete -c schemad -l json -d 'print the result as one JSON object'
complete -c schemad -l placeholder -x -d 'a Flyway placeholder, NAME=VALUE'
complete -c schemad -l force -d 'accept: statements that changed too'
complete -c schemad -l forget -d 'accept: a file that is gone'
complete -c schemad -s v -l verbose -d 'log debug messages too'
complete -c schemad -s q -l quiet -d 'log errors only'
complete -c schemad -s h -l help -d 'show the help'
complete -c schemad -s V -l version -d 'show the version'

complete -c schemactl -f
complete -c schemactl -n "not __fish_seen_subcommand_from status wait" \
    -a status -d 'ask once'
complete -c schemactl -n "not __fish_seen_subcommand_from status wait" \
    -a wait -d 'wait until ready'
complete -c schemactl -s s -l socket -r -F -d "the daemon's socket"
complete -c schemactl -l timeout -x -d 'wait: at most this many seconds'
complete -c schemactl -l version -x -d 'the schema version to wait for'
complete -c schemactl -l json -d 'print the reply as JSON'
complete -c schemactl -s h -l help -d 'show the help'

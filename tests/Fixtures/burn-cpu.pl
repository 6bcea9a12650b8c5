# Starts N children that each burn S seconds of CPU (their own user + system time, so a loaded
# machine only makes them take longer), at the same time.
#   perl burn-cpu.pl <children> <seconds> [wait|nowait]
# wait (the default): the parent waits for them, so their CPU is in its rusage.
# nowait: the parent ignores SIGCHLD, so the kernel reaps the children itself and their CPU never
# reaches the parent's rusage; the parent stays until they are gone. Each child then idles for 0.2 s
# after burning, so a sampler that looks every few tens of milliseconds sees its final CPU time: what
# is tested is the accounting of what was seen, not the luck of the last sample.
use strict;
use warnings;
use Time::HiRes qw(sleep);

my ($children, $seconds, $mode) = @ARGV;
$mode //= 'wait';

# On Windows perl's fork makes threads of one process, and times() counts them all: each then burns
# until the process as a whole has used what all of them should.
my $until = $^O eq 'MSWin32' ? $seconds * $children : $seconds;
$SIG{CHLD} = 'IGNORE' if $mode eq 'nowait';
my @pids;
for (1 .. $children) {
    my $pid = fork();
    die "fork: $!" unless defined $pid;
    if ($pid == 0) {
        my $x = 0;
        while (1) {
            $x++ for 1 .. 100000;
            my ($user, $system) = times();
            last if $user + $system >= $until;
        }
        sleep(0.2) if $mode eq 'nowait';
        exit(0);
    }
    push @pids, $pid;
}
if ($mode eq 'nowait') {
    sleep(0.02) while grep { kill(0, $_) } @pids;
    exit(0);
}
waitpid($_, 0) for @pids;
exit(0);

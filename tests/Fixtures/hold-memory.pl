# Starts N children that each hold M MiB resident for S seconds, all at the same time: every child
# fills its memory, reports ready, and waits for the go that the parent gives once all are ready, so
# the holds overlap however the children are scheduled. The parent waits for them all.
#   perl hold-memory.pl <children> <MiB> <seconds>
use strict;
use warnings;
use Time::HiRes qw(sleep);

my ($children, $mib, $seconds) = @ARGV;
pipe(my $ready_read, my $ready_write) or die "pipe: $!";
pipe(my $go_read, my $go_write) or die "pipe: $!";
my @pids;
for (1 .. $children) {
    my $pid = fork();
    die "fork: $!" unless defined $pid;
    if ($pid == 0) {
        close $ready_read;
        close $go_write;
        my $block = "\x01";
        $block x= $mib * 1024 * 1024;    # in place: one copy, every page written
        syswrite($ready_write, "r", 1);
        sysread($go_read, my $byte, 1);  # end of file once the parent closes its end
        sleep($seconds);
        exit(0);
    }
    push @pids, $pid;
}
close $ready_write;
close $go_read;
my $seen = 0;
while ($seen < $children) {
    my $got = sysread($ready_read, my $bytes, 64);
    die "a child died before it was ready\n" unless $got;
    $seen += $got;
}
close $go_write;
my $failed = 0;
for my $pid (@pids) {
    waitpid($pid, 0);
    $failed = 1 if $? != 0;
}
exit($failed);

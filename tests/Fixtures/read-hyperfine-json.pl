# Reads a benchmark file in hyperfine's --export-json format using only the field names hyperfine
# documents (results, command, mean, median, times, exit_codes) and prints, per result, one line:
#   command <TAB> mean <TAB> median <TAB> runs <TAB> mean recomputed from times
# JSON::PP ships with perl (a core module since 5.14), so this needs nothing installed.
use strict;
use warnings;
use JSON::PP;

my ($path) = @ARGV;
open(my $file, '<:raw', $path) or die "cannot open $path: $!\n";
my $text = do { local $/; <$file> };
my $data = JSON::PP->new->decode($text);
for my $result (@{ $data->{results} }) {
    my @times = @{ $result->{times} };
    my $sum = 0;
    $sum += $_ for @times;
    die "exit_codes and times differ in length\n" unless @{ $result->{exit_codes} } == @times;
    printf("%s\t%.17g\t%.17g\t%d\t%.17g\n", $result->{command}, $result->{mean}, $result->{median}, scalar(@times), $sum / @times);
}

#!/usr/bin/perl
# words.pl -- perl workload for bench/run-workloads: string and hash work
# over a generated text (word and bigram counts, regex rewriting, sorting,
# sprintf, join/split).  Usage: perl words.pl text.txt [PASSES]
# SPDX-License-Identifier: GPL-2.0-or-later
use strict;
use warnings;

my ($file, $passes) = @ARGV;
$passes ||= 2;
open(my $fh, '<', $file) or die "words.pl: $file: $!\n";
my @lines = <$fh>;
close $fh;

my $check = 0;
for my $pass (1 .. $passes) {
    my (%count, %bigram, %bylen, @numbers);
    for my $line (@lines) {
        chomp(my $l = $line);
        $l = lc $l;
        if ($l =~ /^(\d+),(\w+),(\d+)\.(\d+),(\w+)$/) {
            push @numbers, $1 + $3;
            $count{$2}++;
            next;
        }
        $l =~ s/[.,;!?]//g;
        my @w = split / /, $l;
        my $prev = '';
        for my $w (@w) {
            next if $w eq '';
            $count{$w}++;
            $bigram{"$prev $w"}++ if $prev ne '';
            push @{ $bylen{length $w} }, $w if length($w) > 9;
            $prev = $w;
        }
        (my $r = $l) =~ s/(\w)(\w*)/\U$1\E$2/g;
        $check += length $r;
    }
    my @top = (sort { $count{$b} <=> $count{$a} || $a cmp $b } keys %count)[0 .. 99];
    my @topb = (sort { $bigram{$b} <=> $bigram{$a} || $a cmp $b } keys %bigram)[0 .. 49];
    my $report = join("\n", map { sprintf("%-20s %8d", $_, $count{$_}) } @top);
    $report .= join("\n", map { sprintf("%-30s %6d", $_, $bigram{$_}) } @topb);
    for my $len (sort { $a <=> $b } keys %bylen) {
        my %seen;
        my @u = grep { !$seen{$_}++ } @{ $bylen{$len} };
        $report .= "$len: " . scalar(@u) . " " . join(',', (sort @u)[0 .. 4]) . "\n";
    }
    my @sorted = sort { $a <=> $b } @numbers;
    $check += length($report) + scalar(keys %bigram) + ($sorted[$#sorted / 2] || 0);
    # Rebuild text from the counts: many short-lived strings.
    my $text = '';
    for my $w (sort keys %count) {
        $text .= ($w x (1 + $count{$w} % 3)) . ' ';
    }
    $check += length($text) % 100000;
}
print "$check\n";

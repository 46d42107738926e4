#!/usr/bin/perl
# test-valgrind.pl VALGRIND TOOL PROGRAM [ARGS...]
#
# Runs PROGRAM through Debian's Test::Valgrind (libtest-valgrind-perl) the
# way it runs Perl code: its memcheck tool class supplies Memcheck's
# arguments (--tool=memcheck --leak-check=full --leak-resolution=high
# --show-reachable=yes --num-callers=24 --error-limit=yes
# --track-origins=yes), its XML parser adds --xml=yes --xml-fd=N and reads
# the XML (XML::Twig), and its Test action prints TAP: one test per error
# kind it knows, "not ok" with the error count when that kind occurred.
# With TOOL=leakcheck the only change is --tool=leakcheck in place of
# --tool=memcheck (a subclass of the memcheck tool class, as a user would
# write).  tests/lib/consumers.py compares the TAP of both tools.
use strict;
use warnings;

use Test::Valgrind::Session;
use Test::Valgrind::Tool;
use Test::Valgrind::Action;
use Test::Valgrind::Command;

my ($valgrind, $toolname, @cmd) = @ARGV;
die "usage: $0 VALGRIND TOOL PROGRAM [ARGS...]\n" unless @cmd;

# A command that runs any executable (Test::Valgrind ships Perl ones).
package LkTest::Command;
use base qw<Test::Valgrind::Command>;
sub suppressions_tag { undef }

# Memcheck's tool class with --tool=leakcheck.
package LkTest::Tool::leakcheck;
use base qw<Test::Valgrind::Tool::memcheck>;
sub args {
   my $self = shift;
   return map { $_ eq '--tool=memcheck' ? '--tool=leakcheck' : $_ }
          $self->SUPER::args(@_);
}

package main;

my $tool = Test::Valgrind::Tool->new(
   tool => $toolname eq 'memcheck' ? 'memcheck' : 'LkTest::Tool::leakcheck');
my $sess = Test::Valgrind::Session->new(
   valgrind      => $valgrind,
   min_version   => $tool->requires_version,
   no_def_supp   => 1,
   allow_no_supp => 1,
);
my $action = Test::Valgrind::Action->new(action => 'Test', diag => 0);
my $command = LkTest::Command->new(args => [ '--', @cmd ]);
$sess->run(action => $action, tool => $tool, command => $command);
exit($action->status($sess) ? 1 : 0);

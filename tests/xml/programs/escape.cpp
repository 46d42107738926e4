/* Names that need escaping in XML: template arguments (<, >), operators
   (operator<, operator&), and program arguments with <, >, &, " and '.
   The errors and leaks are reported inside such functions, so <fn>,
   <what>, <auxwhat> and the generated suppressions all carry them. */
#include <stdlib.h>
#include <stdio.h>
#include <vector>

template <typename T, int N> struct Box {
   T* data;
   Box() : data(new T[N]) {}
};

template <typename T, int N> Box<T, N>* make_box() { return new Box<T, N>; }

struct Cmp { int v; };
bool operator<(const Cmp& a, const Cmp& b)
{
   char* leak = (char*)malloc(24 + a.v);          /* definitely lost */
   (void)leak;
   return a.v < b.v;
}
int operator&(const Cmp& a, const Cmp& b)
{
   int* q = new int[4];
   delete q;                                      /* MismatchedFree */
   return a.v & b.v;
}

static std::vector<Box<int, 3>*>* keep;

int main(int argc, char** argv)
{
   Cmp a{1}, b{2};
   if (a < b) printf("less\n");
   printf("%d\n", a & b);
   keep = new std::vector<Box<int, 3>*>;           /* still reachable */
   keep->push_back(make_box<int, 3>());
   make_box<char, 7>();                            /* definite + indirect */
   printf("%d args\n", argc - 1);
   return 0;
}

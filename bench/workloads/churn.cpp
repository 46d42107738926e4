// churn.cpp -- allocation-heavy C++ workload for bench/run-workloads:
// std::map / std::unordered_map / std::string / std::vector / shared_ptr
// churn with a fixed-seed generator.  Usage: churn [SCALE]  (default 1.0)
// SPDX-License-Identifier: GPL-2.0-or-later
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

uint64_t rng_state = 0x9E3779B97F4A7C15ull;

uint64_t rnd()
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    rng_state = x;
    return x * 0x2545F4914F6CDD1Dull;
}

struct Record {
    std::string name;
    std::vector<int> values;
    std::map<int, std::string> attrs;
};

std::string make_key(uint64_t n)
{
    std::string k = "key-";
    k += std::to_string(n);
    if (n % 3 == 0)
        k += "-with-a-longer-suffix-to-leave-the-sso-buffer";
    return k;
}

} // namespace

int main(int argc, char **argv)
{
    double scale = argc > 1 ? std::atof(argv[1]) : 1.0;
    if (scale <= 0)
        scale = 1.0;
    const size_t iters = static_cast<size_t>(400000 * scale);

    std::map<std::string, Record> records;
    std::unordered_map<uint64_t, std::shared_ptr<std::string>> cache;
    std::vector<std::unique_ptr<Record>> pool;
    uint64_t check = 0;

    for (size_t i = 0; i < iters; i++) {
        uint64_t r = rnd();
        switch (r % 10) {
        case 0: case 1: case 2: {            // insert / grow a record
            Record &rec = records[make_key(rnd() % 40000)];
            rec.name += static_cast<char>('a' + r % 26);
            for (int j = 0; j < 1 + static_cast<int>(r >> 60); j++)
                rec.values.push_back(static_cast<int>(rnd() & 0xffff));
            rec.attrs[static_cast<int>(rnd() % 8)] =
                std::string(rnd() % 48, static_cast<char>('A' + r % 26));
            break;
        }
        case 3: {                            // erase a record
            auto it = records.find(make_key(rnd() % 40000));
            if (it != records.end()) {
                check += it->second.values.size();
                records.erase(it);
            }
            break;
        }
        case 4:                              // cache insert
            cache[rnd() % 60000] =
                std::make_shared<std::string>(make_key(r) + make_key(r >> 7));
            break;
        case 5:                              // cache erase
            cache.erase(rnd() % 60000);
            break;
        case 6: {                            // pool of heap objects
            auto p = std::make_unique<Record>();
            p->name = make_key(r);
            p->values.assign(r % 64, static_cast<int>(r));
            pool.push_back(std::move(p));
            if (pool.size() > 4096) {
                size_t k = rnd() % pool.size();
                std::swap(pool[k], pool.back());
                pool.erase(pool.end() - 2048, pool.end());
            }
            break;
        }
        case 7: {                            // lookups
            auto it = records.lower_bound(make_key(rnd() % 40000));
            for (int j = 0; j < 8 && it != records.end(); ++j, ++it)
                check += it->first.size() + it->second.attrs.size();
            break;
        }
        case 8: {                            // temporary strings, sort, join
            std::vector<std::string> tmp;
            for (int j = 0; j < 24; j++)
                tmp.push_back(make_key(rnd() % 1000));
            std::sort(tmp.begin(), tmp.end());
            std::string joined;
            for (const auto &s : tmp)
                joined += s + ",";
            check += joined.size();
            break;
        }
        default: {                           // vector churn
            std::vector<std::vector<int>> vv(1 + r % 16);
            for (auto &v : vv)
                v.resize(rnd() % 100, 1);
            check += vv.size();
            break;
        }
        }
    }
    check += records.size() + cache.size() + pool.size();
    std::printf("%llu\n", static_cast<unsigned long long>(check));
    return 0;
}

# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Two benchmark results side by side: a baseline and this tree.

    python tests/bench/compare.py bench-results/default-baseline.json \\
        bench-results/default.json

For each operation: the medians (wall and Python CPU), the change, the
queries. ``setup/bench.sh --baseline REF`` prints it after measuring both.
"""

import json
import sys


def change(before, after):
    """The relative change from ``before`` to ``after``, as a signed percentage.

    >>> change(2.0, 2.5), change(2.0, 1.0), change(0, 1)
    ('+25%', '-50%', '-')
    """
    if not before:
        return "-"
    return f"{100 * (after - before) / before:+.0f}%"


def rows(baseline, current):
    """(operation, baseline op, current op) for the operations of either result."""
    keys = list(current["operations"])
    keys += [key for key in baseline["operations"] if key not in keys]
    for key in keys:
        yield key, baseline["operations"].get(key, {}), current["operations"].get(key, {})


def main(argv=None):
    argv = argv if argv is not None else sys.argv[1:]
    if len(argv) != 2:
        print(__doc__)
        return 2
    with open(argv[0]) as base_file, open(argv[1]) as current_file:
        baseline, current = json.load(base_file), json.load(current_file)
    print()
    print(f"baseline {baseline['machine'].get('git_commit', '?')} "
          f"(load {baseline['machine'].get('load_average')}), "
          f"this tree {current['machine'].get('git_commit', '?')} "
          f"(load {current['machine'].get('load_average')})")
    header = (f"{'operation':<18} {'before s':>9} {'after s':>9} {'change':>7} "
              f"{'cpu before':>10} {'cpu after':>10} {'change':>7} {'queries':>13}")
    print(header)
    print("-" * len(header))
    for key, before, after in rows(baseline, current):
        if before.get("status") != "measured" or after.get("status") != "measured":
            print(f"{key:<18} not measured on both sides")
            continue
        wall_b, wall_a = before["median_s"], after["median_s"]
        cpu_b, cpu_a = before["python_cpu_median_s"], after["python_cpu_median_s"]
        queries = f"{before['queries']} -> {after['queries']}"
        print(f"{key:<18} {wall_b:>9.3f} {wall_a:>9.3f} {change(wall_b, wall_a):>7} "
              f"{cpu_b:>10.3f} {cpu_a:>10.3f} {change(cpu_b, cpu_a):>7} {queries:>13}")
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())

# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Two benchmark results side by side: a baseline and this tree.

    python tests/bench/compare.py bench-results/default-baseline.json \\
        bench-results/default.json
    python tests/bench/compare.py base-r1.json,base-r2.json cur-r1.json,cur-r2.json \\
        --merged-out bench-results/default-baseline.json bench-results/default.json

For each operation: the medians (wall and Python CPU), the change, the
queries. ``setup/bench.sh --baseline REF`` prints it after measuring both.

A side given as several results (comma-separated: the rounds of an
interleaved run, baseline and this tree measured in turn) is merged first:
the repetitions of every round together, their medians taken again
(:func:`merge`); ``--merged-out`` writes the two merged results.
"""

import json
import statistics
import sys


def change(before, after):
    """The relative change from ``before`` to ``after``, as a signed percentage.

    >>> change(2.0, 2.5), change(2.0, 1.0), change(0, 1)
    ('+25%', '-50%', '-')
    """
    if not before:
        return "-"
    return f"{100 * (after - before) / before:+.0f}%"


def merge(results):
    """One result from the rounds ``results`` of one side: each operation's
    repetitions together (wall and CPU times, queries), medians taken again.

    >>> one = {"machine": {"load_average": 0.5}, "operations": {"run": {
    ...     "status": "measured", "times_s": [1.0, 1.2], "cpu_times_s": [0.5, 0.7],
    ...     "median_s": 1.1, "python_cpu_median_s": 0.6, "queries": 30}}}
    >>> two = {"machine": {"load_average": 1.5}, "operations": {"run": {
    ...     "status": "measured", "times_s": [2.0], "python_cpu_median_s": 0.9,
    ...     "median_s": 2.0, "queries": 32}}}
    >>> merged = merge([one, two])
    >>> run = merged["operations"]["run"]
    >>> run["median_s"], run["python_cpu_median_s"], run["queries"], run["reps"]
    (1.2, 0.7, 31, 3)
    >>> merged["machine"]["load_average"], merged["rounds"]
    ([0.5, 1.5], 2)
    """
    if len(results) == 1:
        return results[0]
    merged = dict(results[-1], rounds=len(results), operations={})
    merged["machine"] = dict(results[-1]["machine"], load_average=[
        result["machine"].get("load_average") for result in results])
    for key in results[-1]["operations"]:
        sides = [result["operations"].get(key, {}) for result in results]
        if any(side.get("status") != "measured" for side in sides):
            merged["operations"][key] = next(
                side for side in sides if side.get("status") != "measured")
            continue
        times = [t for side in sides for t in side.get("times_s", [side["median_s"]])]
        # (a baseline measured by an older measure.py has no per-repetition CPU)
        cpu = [t for side in sides
               for t in side.get("cpu_times_s", [side["python_cpu_median_s"]])]
        merged["operations"][key] = dict(
            sides[-1], reps=len(times), times_s=times, cpu_times_s=cpu,
            median_s=statistics.median(times), min_s=min(times), max_s=max(times),
            python_cpu_median_s=statistics.median(cpu),
            queries=round(statistics.median(side["queries"] for side in sides)))
    return merged


def load(argument):
    """The result of one side: a JSON file, or several comma-separated, merged."""
    results = []
    for path in argument.split(","):
        with open(path) as result_file:
            results.append(json.load(result_file))
    return merge(results)


def rows(baseline, current):
    """(operation, baseline op, current op) for the operations of either result."""
    keys = list(current["operations"])
    keys += [key for key in baseline["operations"] if key not in keys]
    for key in keys:
        yield key, baseline["operations"].get(key, {}), current["operations"].get(key, {})


def main(argv=None):
    argv = list(argv if argv is not None else sys.argv[1:])
    merged_out = None
    if "--merged-out" in argv:
        at = argv.index("--merged-out")
        merged_out, argv = argv[at + 1:at + 3], argv[:at] + argv[at + 3:]
    if len(argv) != 2 or (merged_out is not None and len(merged_out) != 2):
        print(__doc__)
        return 2
    baseline, current = load(argv[0]), load(argv[1])
    if merged_out:
        for path, result in zip(merged_out, (baseline, current), strict=True):
            with open(path, "w") as out:
                out.write(json.dumps(result, indent=2, default=str) + "\n")
    print()
    if current.get("rounds"):
        print(f"{current['rounds']} rounds, baseline and this tree measured in turn; "
              f"medians of every round's repetitions")
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

"""HL7 v2 parse throughput of Debian's python3-hl7 (hl7.parse), the same way as
hl7_parse_bench: the given files, round after round, until the process has used
the given CPU time.

    /usr/bin/python3 hl7_parse_python.py SECONDS FILE...
"""
import json
import sys
import time

try:
    import hl7
except ImportError:
    sys.exit("python3-hl7 is missing: apt-get install python3-hl7, and run /usr/bin/python3")

seconds = float(sys.argv[1])
# Bytes, decoded here once: text mode would turn the \r segment ends into \n.
messages = [open(path, "rb").read().decode("utf-8") for path in sys.argv[2:]]
round_bytes = sum(len(m.encode("utf-8")) for m in messages)

rounds = 0
segments = 0
start = time.process_time()
elapsed = 0.0
while elapsed < seconds:
    for m in messages:
        segments += len(hl7.parse(m))
    rounds += 1
    elapsed = time.process_time() - start
print(json.dumps({"parser": f"python3-hl7 {hl7.__version__} (hl7.parse)", "messages": rounds * len(messages),
                  "bytes": rounds * round_bytes, "cpu_seconds": round(elapsed, 3), "segments": segments}))

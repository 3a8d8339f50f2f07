"""Reads messages rxpress wrote with Debian's python3-hl7 and checks fields.

    /usr/bin/python3 hl7_python_check.py EXPECTATIONS.json

EXPECTATIONS.json is a list of {"file": path, "fields": {"MSA.F1": "AA", ...},
"segments": {"RXD": 3, ...}}. Keys are python-hl7 accessors (SEGn.Fn.Rn.Cn.Sn,
counted from 1). Prints one line per mismatch; exit 0 when all match, 1 when
some do not, 3 when python3-hl7 is not installed.
"""
import json
import sys

try:
    import hl7
except ImportError:
    print("python3-hl7 is missing: apt-get install python3-hl7 (and run /usr/bin/python3, not another python)")
    sys.exit(3)

failures = 0
for case in json.load(open(sys.argv[1], encoding="utf-8")):
    name = case["file"]
    # Bytes, decoded here: text mode would turn the \r segment ends into \n.
    text = open(name, "rb").read().decode("utf-8")
    try:
        message = hl7.parse(text)
    except Exception as error:  # any refusal is the finding
        print(f"{name}: python3-hl7 cannot parse it: {error!r}")
        failures += 1
        continue
    for key, expected in case.get("fields", {}).items():
        try:
            found = message[key]
        except Exception as error:
            found = f"<{error!r}>"
        if found != expected:
            print(f"{name}: {key} is {found!r}, expected {expected!r}")
            failures += 1
    for segment, expected in case.get("segments", {}).items():
        found = len(message.segments(segment)) if segment in [str(s[0]) for s in message] else 0
        if found != expected:
            print(f"{name}: {found} {segment} segments, expected {expected}")
            failures += 1
sys.exit(1 if failures else 0)

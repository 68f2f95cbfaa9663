"""Complaints tracing: the insider whose access explains the complaints is
named; staff who saw those customers doing their job are not."""
from __future__ import annotations

import datetime as dt
import json
import random

from piguard.trace.complaints import Event, trace_complaints, trace_events

T0 = dt.datetime(2024, 1, 1)


def simulate(seed: int, leaker: bool, own_branch_leak: bool = False):
    """5 branches of 1,000 customers, 4 agents each, 3 quality inspectors who
    see random customers, and (optionally) one agent who exports customers."""
    rng = random.Random(seed)
    cust = {b: [f"{b}-{i:04d}" for i in range(1000)] for b in range(5)}
    events = []
    for b in range(5):
        for a in range(4):
            for c in rng.sample(cust[b], 300):
                events.append(Event(T0 + dt.timedelta(days=rng.uniform(0, 60)), f"agent{b}{a}", "agent",
                                    f"branch{b}", "view", (c,)))
    everyone = [c for cs in cust.values() for c in cs]
    for q in range(3):
        for c in rng.sample(everyone, 400):
            events.append(Event(T0 + dt.timedelta(days=rng.uniform(0, 60)), f"qa{q}", "inspector", "quality",
                                "view", (c,)))
    if leaker:
        target = cust[1] if own_branch_leak else cust[3]
        stolen = rng.sample(target, 250)
        events.append(Event(T0 + dt.timedelta(days=30), "agent12", "agent", "branch1", "export", tuple(stolen)))
        victims = rng.sample(stolen, 40)
    else:
        victims = rng.sample(cust[1], 40)  # complaints from one branch, no leak
    complaints = [(c, T0 + dt.timedelta(days=rng.uniform(40, 70))) for c in victims]
    return events, complaints


def test_insider_exporting_another_branch_is_named():
    events, complaints = simulate(1, leaker=True)
    res = trace_events(events, complaints)
    assert res["verdict"]["actor"] == "agent12"
    assert res["candidates"][0]["matched_rows"] == 40
    assert all(c["p_value"] >= 1e-6 for c in res["candidates"][1:])


def test_insider_exporting_own_branch_is_named_but_colleagues_are_not():
    events, complaints = simulate(2, leaker=True, own_branch_leak=True)
    res = trace_events(events, complaints)
    assert res["verdict"]["actor"] == "agent12"
    assert all(c["p_value"] >= 1e-6 for c in res["candidates"] if c["actor"] != "agent12")


def test_complaints_from_one_branch_without_a_leak_name_nobody():
    for seed in range(5):
        events, complaints = simulate(10 + seed, leaker=False)
        res = trace_events(events, complaints)
        assert res["verdict"] is None
        assert all(c["p_value"] >= 1e-6 for c in res["candidates"])


def test_access_after_the_complaint_does_not_count():
    events, complaints = simulate(3, leaker=True)
    late = [Event(T0 + dt.timedelta(days=80), "qa0", "inspector", "quality", "export",
                  tuple(c for c, _ in complaints))]
    res = trace_events(events + late, complaints)
    qa = [c for c in res["candidates"] if c["actor"] == "qa0"]
    assert not qa or qa[0]["matched_rows"] < 10


def test_files(tmp_path):
    events, complaints = simulate(4, leaker=True)
    log = tmp_path / "access.csv"
    with open(log, "w", encoding="utf-8") as f:
        f.write("ts,actor,role,dept,action,customer_ids,fields,ticket_id,client_ip\n")
        for e in events:
            f.write(f"{e.ts.isoformat()},{e.actor},{e.role},{e.dept},{e.action},{';'.join(e.customers)},"
                    f"PHONE_MOBILE;PERSON_NAME,,10.0.0.1\n")
    comp = tmp_path / "complaints.csv"
    comp.write_text("customer_id,complained_at\n" + "".join(f"{c},{t.isoformat()}\n" for c, t in complaints),
                    encoding="utf-8")
    res = trace_complaints(comp, log)
    assert res["verdict"]["actor"] == "agent12"
    json.dumps(res)

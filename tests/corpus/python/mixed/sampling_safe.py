import statistics

def summarize(values):
    ordered = sorted(values)
    return {"median": statistics.median(ordered), "max": ordered[-1], "min": ordered[0]}

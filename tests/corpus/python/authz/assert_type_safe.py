def mean(values):
    assert len(values) > 0, "values must not be empty"
    return sum(values) / len(values)

import random

def shuffled_questions(questions):
    order = list(questions)
    random.shuffle(order)  # expect: CWE-330
    return order

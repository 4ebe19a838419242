from jinja2 import Environment, FileSystemLoader

env = Environment(loader=FileSystemLoader("templates"), autoescape=False)  # expect: CWE-79

def render_page(name, **context):
    return env.get_template(name).render(**context)

import subprocess
from flask import Flask, request

app = Flask(__name__)

def run_git(*args):
    return subprocess.check_output(["git", *args], cwd="/srv/repo")

@app.route("/git/log")
def git_log():
    branch = request.args.get("branch", "main")
    return run_git("log", "--oneline", "--", branch)

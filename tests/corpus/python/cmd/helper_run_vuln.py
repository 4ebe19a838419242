import subprocess
from flask import Flask, request

app = Flask(__name__)

def run_git(args):
    return subprocess.check_output("git " + args, shell=True, cwd="/srv/repo")  # expect: CWE-78

@app.route("/git/log")
def git_log():
    branch = request.args.get("branch", "main")
    return run_git(f"log --oneline {branch}")

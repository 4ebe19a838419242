import os
import subprocess

def deploy():
    branch = os.environ.get("DEPLOY_BRANCH", "main")
    subprocess.run(f"git checkout {branch} && make deploy", shell=True, check=True)  # expect: CWE-78

if __name__ == "__main__":
    deploy()

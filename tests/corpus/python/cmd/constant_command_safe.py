import subprocess

def restart_nginx():
    subprocess.run("systemctl restart nginx", shell=True, check=True)

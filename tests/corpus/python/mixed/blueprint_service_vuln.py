import subprocess
from flask import Blueprint, request, jsonify

admin = Blueprint("admin", __name__, url_prefix="/admin")

class ServiceManager:
    def restart(self, name):
        return subprocess.run(f"systemctl restart {name}", shell=True, capture_output=True)  # expect: CWE-78

manager = ServiceManager()

@admin.post("/services/restart")
def restart_service():
    name = request.json["service"]
    result = manager.restart(name)
    return jsonify(code=result.returncode)

from flask import Flask, g

app = Flask(__name__)

@app.route("/admin/users/<int:user_id>", methods=["DELETE"])
def delete_user(user_id):
    assert g.user.is_admin, "admin only"  # expect: CWE-617
    remove_user(user_id)
    return "", 204

from flask import Flask, g, abort

app = Flask(__name__)

@app.route("/admin/users/<int:user_id>", methods=["DELETE"])
def delete_user(user_id):
    if not g.user.is_admin:
        abort(403)
    remove_user(user_id)
    return "", 204

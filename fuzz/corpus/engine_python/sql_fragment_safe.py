    # look up the user by email
    email = request.json.get("email")
    cur.execute("SELECT id FROM accounts WHERE email = %s", (email,))
    account = cur.fetchone()
    if not account:
        return jsonify(error="not found"), 404
    return jsonify(id=account[0]

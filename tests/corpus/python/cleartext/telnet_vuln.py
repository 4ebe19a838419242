import telnetlib

def reboot_switch(host, password):
    tn = telnetlib.Telnet(host, 23, timeout=10)  # expect: CWE-319
    tn.read_until(b"Password: ")
    tn.write(password.encode() + b"\n")
    tn.write(b"reload\n")

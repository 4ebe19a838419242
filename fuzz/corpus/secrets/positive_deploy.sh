#!/bin/sh
export HF_TOKEN=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  # expect: secret-huggingface-token
curl -H "Authorization: Bearer XAoZmhFkrrQxeJ6mXJlSwP90IfVRhUi0ijIfcWGP" https://api.internal/  # expect: secret-generic

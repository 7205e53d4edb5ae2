#!/bin/sh
set -eu
echo "starting: $1"

exec app --flag

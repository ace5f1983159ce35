# The web front: first passwords for the demo staff and how to open it (sourced by scripts/demo.sh).
say "the web front — crdesk serve"
web_users=(manager sales_fu service_fu cr marketing sales_manager sales_clerk deputy_gm gm)
{
  printf '%-15s %s\n' "用户名" "首次登录密码（登录后须更改）"
  for u in "${web_users[@]}"; do
    printf '%-15s %s\n' "$u" "$(crdesk --as admin users password "$u" --generate 2>/dev/null)"
  done
} | tee demo/out/网页端首次登录密码.txt
chmod 600 demo/out/网页端首次登录密码.txt
echo "start it:  .venv/bin/crdesk --db sqlite:///demo/crdesk.db serve --port 8000"
echo "then open: http://127.0.0.1:8000/  (the passwords above are also in demo/out/网页端首次登录密码.txt)"

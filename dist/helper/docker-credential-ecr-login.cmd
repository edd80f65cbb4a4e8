@setlocal
@for %%I in (node.exe) do @set "ECR_LOGIN_NODE=%%~$PATH:I"
@if not defined ECR_LOGIN_NODE (echo docker-credential-ecr-login: node.exe was not found on PATH 1>&2 & exit /b 1)
@"%ECR_LOGIN_NODE%" "%~dp0index.js" %*

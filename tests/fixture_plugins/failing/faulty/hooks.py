from core import hookimpl

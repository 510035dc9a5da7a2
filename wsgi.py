from toolkit import create_app

app = create_app()

"""jupyter_server's kernel websocket as it comes, for tools/bench/kernel_socket.py.

The course's server extension digileder.kernel_socket replaces jupyter_server's plain class
and leaves any other alone; under this name the class stays as jupyter_server made it.
"""

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection


class UpstreamConnection(ZMQChannelsWebsocketConnection):
    pass

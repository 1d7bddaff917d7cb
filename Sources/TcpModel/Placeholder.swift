import CSocket

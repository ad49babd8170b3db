class Session:
    def __init__(self, user):
        self.user, self.requests, self.inbox = user, [], []

class Request:
    def __init__(self, session, rid):
        self.session, self.id = session, rid      # back-pointer: a cycle
        session.requests.append(self)

class Service:
    def __init__(self):
        self.sessions, self.subscribers, self.tables, self.clock = {}, [], {}, 0

    def handle(self, i):
        user, hour = i % 16, i // 100
        self.clock = max(self.clock, hour)
        session = self.sessions.setdefault(user, Session(user))
        Request(session, i)
        if i % 3 == 0:
            self.subscribers.append(session.inbox)          # registry: never removed
        key = (i % 4, hour)
        if key not in self.tables:
            self.tables[key] = [hour * n for n in range(64)]  # cache: never evicted
        if i % 5 == 0:
            del self.sessions[user]                         # logout

#!/usr/bin/env node
// `npm start`: the production server on DATABASE_URL (default: the embedded SQLite file).
import { ensureBuilt, startServer } from './lib/next.mjs'

ensureBuilt()
startServer()

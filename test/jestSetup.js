// n8n's logger (winston) writes through console.log, which jest prints as a "console.log" block
// under each suite; tests that need to see log lines spy on the node's logger instead.
process.env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL || 'silent';
